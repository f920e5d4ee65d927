//! The criteria editor's state ([`super::criteria`]): one signal per control, filled from a
//! `CriteriaSet` and read back into one. Weights are typed as percentages with at most two
//! decimals ("33,33") and become whole basis points (3333), so the sum is exact. Every scale
//! level 0–10 keeps its description while the scale's ends move, and only `min..=max` is sent.

use kehto_shared::Lang;
use kehto_shared::evaluation::{
    AdmissionRequirement, CriteriaSet, EvaluationCriterion, LocalizedText, SCALE_TOP_MAX, Scale,
    ScaleLevel, key_from_name,
};
use leptos::prelude::*;

use super::criteria_text::{parse_percent, percent_text};
use crate::components::form::{Problem, Shown};

/// A text in fi/sv/en being edited.
#[derive(Clone, Copy)]
pub struct LocDraft {
    texts: [RwSignal<String>; 3],
}

fn slot(lang: Lang) -> usize {
    match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    }
}

impl LocDraft {
    pub fn new() -> Self {
        LocDraft {
            texts: [(); 3].map(|()| RwSignal::new(String::new())),
        }
    }

    pub fn of(t: &LocalizedText) -> Self {
        let d = Self::new();
        for lang in Lang::ALL {
            d.get(lang).set(t.in_lang(lang).to_owned());
        }
        d
    }

    pub fn get(&self, lang: Lang) -> RwSignal<String> {
        self.texts[slot(lang)]
    }

    pub fn written(&self, lang: Lang) -> bool {
        self.get(lang).with_untracked(|s| !s.trim().is_empty())
    }

    /// The text for a reader of `lang`, falling back as `LocalizedText::get` does (tracked).
    pub fn shown(&self, lang: Lang) -> String {
        std::iter::once(lang)
            .chain(Lang::ALL)
            .map(|l| self.get(l).with(|s| s.trim().to_owned()))
            .find(|s| !s.is_empty())
            .unwrap_or_default()
    }

    pub fn read(&self) -> LocalizedText {
        let text = |l| self.get(l).get_untracked().trim().to_owned();
        LocalizedText {
            fi: text(Lang::Fi),
            sv: text(Lang::Sv),
            en: text(Lang::En),
        }
    }
}

/// One weighted criterion being edited.
#[derive(Clone, Copy)]
pub struct CriterionDraft {
    pub key: RwSignal<String>,
    pub name: LocDraft,
    pub description: LocDraft,
    /// The weight as typed, in percent.
    pub weight: RwSignal<String>,
    pub min: RwSignal<String>,
    pub max: RwSignal<String>,
    /// The description of every possible score 0..=10, by score.
    pub levels: [LocDraft; SCALE_TOP_MAX as usize + 1],
}

impl CriterionDraft {
    pub fn new(weight_bp: u32, lang: Lang) -> Self {
        CriterionDraft {
            key: RwSignal::new(String::new()),
            name: LocDraft::new(),
            description: LocDraft::new(),
            weight: RwSignal::new(percent_text(weight_bp, lang)),
            min: RwSignal::new("0".into()),
            max: RwSignal::new("5".into()),
            levels: [(); SCALE_TOP_MAX as usize + 1].map(|()| LocDraft::new()),
        }
    }

    fn of(c: &EvaluationCriterion, lang: Lang) -> Self {
        let mut d = Self::new(c.weight_bp, lang);
        d.key.set(c.key.clone());
        d.name = LocDraft::of(&c.name);
        d.description = LocDraft::of(&c.description);
        d.min.set(c.scale.min.to_string());
        d.max.set(c.scale.max.to_string());
        for level in &c.scale.levels {
            if let Some(l) = d.levels.get(usize::from(level.score)) {
                for lang in Lang::ALL {
                    l.get(lang).set(level.description.in_lang(lang).to_owned());
                }
            }
        }
        d
    }

    /// The scale's ends as chosen (tracked).
    pub fn range(&self) -> (u8, u8) {
        let n = |s: RwSignal<String>| s.with(|v| v.parse::<u8>().unwrap_or(0));
        (n(self.min), n(self.max))
    }

    fn read(&self, i: usize) -> Result<EvaluationCriterion, Shown> {
        let (min, max) = self.range();
        let weight_bp = parse_percent(&self.weight.get_untracked()).ok_or_else(|| Shown {
            field: format!("criteria_set.criteria[{i}].weight_bp"),
            problem: Problem::Text(|t| t.ec_weight_invalid),
        })?;
        let levels = (min..=max.min(SCALE_TOP_MAX))
            .map(|score| ScaleLevel {
                score,
                description: self.levels[usize::from(score)].read(),
            })
            .collect();
        Ok(EvaluationCriterion {
            key: self.key.get_untracked().trim().to_owned(),
            name: self.name.read(),
            description: self.description.read(),
            weight_bp,
            scale: Scale { min, max, levels },
        })
    }
}

/// One pass/fail admission requirement being edited.
#[derive(Clone, Copy)]
pub struct RequirementDraft {
    pub key: RwSignal<String>,
    pub name: LocDraft,
    pub description: LocDraft,
}

impl RequirementDraft {
    pub fn new() -> Self {
        RequirementDraft {
            key: RwSignal::new(String::new()),
            name: LocDraft::new(),
            description: LocDraft::new(),
        }
    }
}

/// The whole form.
#[derive(Clone, Copy)]
pub struct CriteriaDraft {
    pub criteria: RwSignal<Vec<CriterionDraft>>,
    pub requirements: RwSignal<Vec<RequirementDraft>>,
    pub reason: RwSignal<String>,
    /// The languages whose fields are shown (fi, sv, en).
    pub langs: RwSignal<[bool; 3]>,
}

impl CriteriaDraft {
    pub fn new() -> Self {
        CriteriaDraft {
            criteria: RwSignal::new(Vec::new()),
            requirements: RwSignal::new(Vec::new()),
            reason: RwSignal::new(String::new()),
            langs: RwSignal::new([true, false, false]),
        }
    }

    /// Fills the form from a saved set (one empty criterion weighing 100 % when there is none);
    /// shows the interface language and every language something is written in.
    pub fn fill(&self, set: Option<&CriteriaSet>, lang: Lang) {
        let criteria: Vec<CriterionDraft> = match set {
            Some(s) => s
                .criteria
                .iter()
                .map(|c| CriterionDraft::of(c, lang))
                .collect(),
            None => vec![CriterionDraft::new(10_000, lang)],
        };
        let requirements: Vec<RequirementDraft> = set
            .map(|s| {
                s.requirements
                    .iter()
                    .map(|r| RequirementDraft {
                        key: RwSignal::new(r.key.clone()),
                        name: LocDraft::of(&r.name),
                        description: LocDraft::of(&r.description),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut langs = [false; 3];
        langs[slot(lang)] = true;
        for l in Lang::ALL {
            let used = |d: &LocDraft| d.written(l);
            if criteria
                .iter()
                .any(|c| used(&c.name) || used(&c.description) || c.levels.iter().any(used))
                || requirements
                    .iter()
                    .any(|r| used(&r.name) || used(&r.description))
            {
                langs[slot(l)] = true;
            }
        }
        self.langs.set(langs);
        self.criteria.set(criteria);
        self.requirements.set(requirements);
    }

    pub fn shows(&self, lang: Lang) -> bool {
        self.langs.with(|l| l[slot(lang)])
    }

    /// The first language whose inputs are shown (where a new item's name is typed).
    pub fn first_shown(&self) -> Lang {
        Lang::ALL
            .into_iter()
            .find(|l| self.langs.with_untracked(|s| s[slot(*l)]))
            .unwrap_or(Lang::Fi)
    }

    pub fn show(&self, lang: Lang, on: bool) {
        self.langs.update(|l| l[slot(lang)] = on);
    }

    /// The set as typed, or the weights that are not percentages.
    pub fn read(&self) -> Result<CriteriaSet, Vec<Shown>> {
        let mut problems = Vec::new();
        let mut criteria = Vec::new();
        for (i, c) in self.criteria.get_untracked().iter().enumerate() {
            match c.read(i) {
                Ok(c) => criteria.push(c),
                Err(p) => problems.push(p),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let requirements = self
            .requirements
            .get_untracked()
            .iter()
            .map(|r| AdmissionRequirement {
                key: r.key.get_untracked().trim().to_owned(),
                name: r.name.read(),
                description: r.description.read(),
            })
            .collect();
        Ok(CriteriaSet {
            criteria,
            requirements,
        })
    }

    /// The sum of the weights that read as percentages, in basis points (tracked).
    pub fn weight_sum(&self) -> u64 {
        self.criteria.with(|list| {
            list.iter()
                .filter_map(|c| c.weight.with(|w| parse_percent(w)))
                .map(u64::from)
                .sum()
        })
    }

    /// Fills an empty key from the name (first written language), unique among `keys`.
    pub fn suggest_key(key: RwSignal<String>, name: &LocDraft, keys: Vec<String>) {
        if !key.with_untracked(|k| k.trim().is_empty()) {
            return;
        }
        let text = name.read();
        let base = key_from_name(text.get(Lang::Fi));
        if base.is_empty() {
            return;
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while keys.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        key.set(candidate);
    }
}
