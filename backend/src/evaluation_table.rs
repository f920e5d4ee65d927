//! The evaluation table of a challenge, for spreadsheets: one row per round × proposal ×
//! evaluator (the panel's sheets; empty cells for a sheet not submitted) followed by the
//! proposal's consensus row, with a column per criterion (the score), per admission
//! requirement (passed / failed), the weighted total with two decimals, the position in the
//! round's ranking and the decision. Headings and labels are in the chosen language.
//!
//! Two encodings of the same [`Table`]:
//!
//! - **CSV** for Finnish and Swedish Excel: UTF-8 with a byte-order mark (so Excel reads the
//!   ä and ö right), `;` between fields (the list separator of fi/sv locales, where `,` is the
//!   decimal separator), CRLF line ends, RFC 4180 quoting, and decimals written as in the
//!   language (`54,75`; `54.75` in English). A text cell starting with `=`, `+`, `-`, `@`, a
//!   tab or a carriage return gets a leading `'` so that a spreadsheet never takes user text
//!   for a formula.
//! - **XLSX** via `rust_xlsxwriter` (default features off: no extra dependencies beyond its
//!   zip writer): scores and positions as numbers, totals as numbers formatted `0.00`, text as
//!   text (never a formula), the header row bold and frozen.

use kehto_shared::Lang;
use kehto_shared::evaluation::{Total, percent_from_bp};
use kehto_shared::lang::Tri;

use crate::routes::evaluation_state::{Evaluation, outcome, total_if_scored};

/// One cell of the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A weighted total, shown with two decimals.
    Points(Total),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub lang: Lang,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

const ROUND: Tri = Tri {
    fi: "Kierros",
    sv: "Omgång",
    en: "Round",
};
const PROPOSAL: Tri = Tri {
    fi: "Ehdotus",
    sv: "Förslag",
    en: "Proposal",
};
const LEAD: Tri = Tri {
    fi: "Päätoimija",
    sv: "Huvudsökande",
    en: "Lead organisation",
};
const TITLE: Tri = Tri {
    fi: "Otsikko",
    sv: "Rubrik",
    en: "Title",
};
const ROW: Tri = Tri {
    fi: "Rivi",
    sv: "Rad",
    en: "Row",
};
const EVALUATOR: Tri = Tri {
    fi: "Arvioija",
    sv: "Bedömare",
    en: "Evaluator",
};
const CONSENSUS: Tri = Tri {
    fi: "Konsensus",
    sv: "Konsensus",
    en: "Consensus",
};
const STATUS: Tri = Tri {
    fi: "Tila",
    sv: "Status",
    en: "Status",
};
const SUBMITTED: Tri = Tri {
    fi: "jätetty",
    sv: "inlämnad",
    en: "submitted",
};
const DRAFT: Tri = Tri {
    fi: "kesken",
    sv: "pågår",
    en: "in progress",
};
const NOT_STARTED: Tri = Tri {
    fi: "ei aloitettu",
    sv: "inte påbörjad",
    en: "not started",
};
const RECORDED: Tri = Tri {
    fi: "kirjattu",
    sv: "registrerad",
    en: "recorded",
};
const MISSING: Tri = Tri {
    fi: "puuttuu",
    sv: "saknas",
    en: "missing",
};
const PASSED: Tri = Tri {
    fi: "täyttyy",
    sv: "uppfylls",
    en: "passed",
};
const FAILED: Tri = Tri {
    fi: "ei täyty",
    sv: "uppfylls inte",
    en: "failed",
};
const TOTAL: Tri = Tri {
    fi: "Kokonaispisteet",
    sv: "Totalpoäng",
    en: "Total",
};
const RANK: Tri = Tri {
    fi: "Sija",
    sv: "Placering",
    en: "Rank",
};
const DECISION: Tri = Tri {
    fi: "Päätös",
    sv: "Beslut",
    en: "Decision",
};

/// A decision outcome in words.
pub fn outcome_label(code: &str, lang: Lang) -> &'static str {
    match code {
        "selected" => Tri {
            fi: "valittu",
            sv: "vald",
            en: "selected",
        },
        "next_round" => Tri {
            fi: "jatkaa seuraavaan kierrokseen",
            sv: "går vidare till nästa omgång",
            en: "continues to the next round",
        },
        _ => Tri {
            fi: "ei valittu",
            sv: "inte vald",
            en: "not selected",
        },
    }
    .get(lang)
}

/// The evaluation table of every round of `ev`, in `lang`.
pub fn table(ev: &Evaluation, lang: Lang) -> Table {
    let set = ev.set.clone().unwrap_or_default();
    let mut headers: Vec<String> = [ROUND, PROPOSAL, LEAD, TITLE, ROW, EVALUATOR, STATUS]
        .iter()
        .map(|t| t.get(lang).to_owned())
        .collect();
    for c in &set.criteria {
        headers.push(format!(
            "{} ({} %)",
            c.name.get(lang),
            percent_from_bp(i64::from(c.weight_bp), lang)
        ));
    }
    for r in &set.requirements {
        headers.push(r.name.get(lang).to_owned());
    }
    headers.extend(
        [TOTAL, RANK, DECISION]
            .iter()
            .map(|t| t.get(lang).to_owned()),
    );
    let sheet_cells = |sheet: Option<&kehto_shared::evaluation::Scoresheet>| -> Vec<Cell> {
        let mut cells: Vec<Cell> = set
            .criteria
            .iter()
            .map(|c| match sheet.and_then(|s| s.score(&c.key)) {
                Some(v) => Cell::Int(i64::from(v)),
                None => Cell::Empty,
            })
            .collect();
        cells.extend(set.requirements.iter().map(|r| {
            let passed = sheet
                .and_then(|s| s.checks.iter().find(|x| x.key == r.key))
                .and_then(|x| x.passed);
            match passed {
                Some(true) => Cell::Text(PASSED.get(lang).into()),
                Some(false) => Cell::Text(FAILED.get(lang).into()),
                None => Cell::Empty,
            }
        }));
        cells.push(
            sheet
                .and_then(|s| total_if_scored(&set, s))
                .map_or(Cell::Empty, Cell::Points),
        );
        cells
    };
    let mut rows = vec![];
    for r in &ev.rounds {
        let ranking = ev.ranking(r.number);
        for p in ev.in_round(r.number) {
            let Some(info) = ev.proposals.get(&p) else {
                continue;
            };
            let position = ranking
                .ranked
                .iter()
                .find(|x| x.proposal_id == p)
                .map_or(Cell::Empty, |x| Cell::Int(i64::from(x.position)));
            let decision = ev.decision_of(r.number, p).map_or(Cell::Empty, |d| {
                Cell::Text(outcome_label(outcome(&d.outcome).code(), lang).into())
            });
            let lead_cells = |kind: Tri, who: String, status: Tri| {
                vec![
                    Cell::Int(r.number),
                    Cell::Int(p),
                    Cell::Text(info.lead.name(lang).to_owned()),
                    Cell::Text(info.title.clone()),
                    Cell::Text(kind.get(lang).into()),
                    if who.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(who)
                    },
                    Cell::Text(status.get(lang).into()),
                ]
            };
            for u in ev.panel(r, p) {
                let sheet = ev.sheet(r.number, p, u);
                let status = match sheet {
                    Some(s) if s.submitted() => SUBMITTED,
                    Some(_) => DRAFT,
                    None => NOT_STARTED,
                };
                let mut row = lead_cells(EVALUATOR, ev.name_of(u), status);
                row.extend(sheet_cells(
                    sheet.filter(|s| s.submitted()).map(|s| &s.sheet),
                ));
                row.extend([position.clone(), decision.clone()]);
                rows.push(row);
            }
            let consensus = ev.consensus_of(r.number, p);
            let mut row = lead_cells(
                CONSENSUS,
                String::new(),
                if consensus.is_some() {
                    RECORDED
                } else {
                    MISSING
                },
            );
            row.extend(sheet_cells(consensus.map(|c| &c.sheet)));
            row.extend([position, decision]);
            rows.push(row);
        }
    }
    Table {
        lang,
        headers,
        rows,
    }
}

fn csv_field(out: &mut String, text: &str) {
    // A spreadsheet may trim leading spaces or read full-width signs as formula starts too.
    const FORMULA_STARTS: [char; 10] = [
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ];
    let guarded = if text.trim_start_matches(' ').starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([';', '"', '\n', '\r']) || guarded.trim() != guarded {
        out.push('"');
        out.push_str(&guarded.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&guarded);
    }
}

/// The table as CSV (see the module documentation).
pub fn csv(t: &Table) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: Vec<String>| {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            csv_field(&mut out, c);
        }
        out.push_str("\r\n");
    };
    line(t.headers.clone());
    for row in &t.rows {
        line(
            row.iter()
                .map(|c| match c {
                    Cell::Empty => String::new(),
                    Cell::Text(s) => s.clone(),
                    Cell::Int(n) => n.to_string(),
                    Cell::Points(total) => total.format(t.lang),
                })
                .collect(),
        );
    }
    out.into_bytes()
}

/// The table as an XLSX workbook of one sheet (see the module documentation).
pub fn xlsx(t: &Table) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_text_wrap();
    let two_decimals = Format::new().set_num_format("0.00");
    let sheet = book.add_worksheet();
    sheet.set_name(
        Tri {
            fi: "Arviointi",
            sv: "Bedömning",
            en: "Evaluation",
        }
        .get(t.lang),
    )?;
    for (c, h) in t.headers.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, h, &bold)?;
        sheet.set_column_width(col, if c == 3 { 40 } else { 14 })?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (r, row) in t.rows.iter().enumerate() {
        let rn = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    sheet.write_string(rn, col, s)?;
                }
                // Whole numbers of at most 15 digits are exact in a spreadsheet's doubles.
                #[allow(clippy::cast_precision_loss)]
                Cell::Int(n) => {
                    sheet.write_number(rn, col, *n as f64)?;
                }
                Cell::Points(total) => {
                    let value = f64::from(total.hundredths()) / 100.0;
                    sheet.write_number_with_format(rn, col, value, &two_decimals)?;
                }
            }
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            lang: Lang::Fi,
            headers: vec!["Otsikko".into(), "Kokonaispisteet".into()],
            rows: vec![
                vec![
                    Cell::Text("=HYPERLINK(\"x\")".into()),
                    Cell::Points(Total { units: 5475 * 2520 }),
                ],
                vec![Cell::Text("Hoiva; \"Oy\"".into()), Cell::Empty],
            ],
        }
    }

    #[test]
    fn csv_has_a_bom_semicolons_decimal_commas_and_no_formulas() {
        let text = String::from_utf8(csv(&sample())).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "Otsikko;Kokonaispisteet");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"x\"\")\";54,75");
        assert_eq!(lines[2], "\"Hoiva; \"\"Oy\"\"\";");
    }

    #[test]
    fn formula_starts_behind_spaces_or_in_full_width_are_guarded_too() {
        for text in ["  =1+1", "\u{FF1D}1+1", "\u{FF20}SUM(A1)", "-2"] {
            let mut out = String::new();
            csv_field(&mut out, text);
            assert!(
                out.trim_start_matches('"').starts_with('\''),
                "{text} → {out}"
            );
        }
        let mut out = String::new();
        csv_field(&mut out, "Hoivatek Oy");
        assert_eq!(out, "Hoivatek Oy");
    }

    #[test]
    fn english_csv_uses_a_decimal_point() {
        let mut t = sample();
        t.lang = Lang::En;
        let text = String::from_utf8(csv(&t)).unwrap();
        assert!(text.contains(";54.75\r\n"), "{text}");
    }

    #[test]
    fn xlsx_is_a_zip_archive() {
        let bytes = xlsx(&sample()).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
