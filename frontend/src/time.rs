//! Time as Kehto shows it: instants are stored in UTC and shown in Europe/Helsinki time, whatever
//! the browser's own zone. The browser's `Intl` API knows the Finnish daylight-saving rules, so no
//! time-zone database ships in the wasm.
//!
//! "Now" is the server's clock: every API response's `Date` header updates an offset to the
//! browser clock, so countdowns agree with the server's deadlines even on a badly set computer.

use std::cell::{Cell, RefCell};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use kehto_shared::Lang;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Texts;

const ZONE: &str = "Europe/Helsinki";

thread_local! {
    static SERVER_SKEW_MS: Cell<Option<f64>> = const { Cell::new(None) };
    static PARTS_FORMAT: RefCell<Option<Intl::DateTimeFormat>> = const { RefCell::new(None) };
}

/// Records the server's clock from an HTTP `Date` header (second resolution).
pub fn observe_server_date(header: &str) {
    let server = Date::parse(header);
    if server.is_nan() {
        return;
    }
    let skew = server - Date::now();
    SERVER_SKEW_MS.with(|s| match s.get() {
        // The header is truncated to whole seconds; ignore the jitter that causes.
        Some(old) if (old - skew).abs() < 2000.0 => {}
        _ => s.set(Some(skew)),
    });
}

/// The server's idea of now, as well as we know it.
pub fn now_utc() -> DateTime<Utc> {
    let ms = Date::now() + SERVER_SKEW_MS.with(Cell::get).unwrap_or(0.0);
    DateTime::from_timestamp_millis(ms as i64).unwrap_or_default()
}

/// The BCP 47 locale used for dates and numbers in each interface language.
pub fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => "fi-FI",
        Lang::Sv => "sv-FI",
        Lang::En => "en-GB",
    }
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn js_date(dt: DateTime<Utc>) -> Date {
    Date::new(&JsValue::from_f64(dt.timestamp_millis() as f64))
}

/// An instant in Helsinki time, e.g. "15. tammikuuta 2026 klo 16.00" (`long`) or "15.1.2026 klo
/// 16.00"; callers add the words "Helsinki time".
pub fn format_instant(dt: DateTime<Utc>, lang: Lang, long: bool) -> String {
    let style = if long { "long" } else { "medium" };
    let o = options(&[
        ("dateStyle", style),
        ("timeStyle", "short"),
        ("timeZone", ZONE),
    ]);
    String::from(js_date(dt).to_locale_string(locale(lang), &o))
}

/// A span of time in Helsinki time, with the zone spelled out, e.g. "15.1.2026 klo 16.00–18.00
/// (Helsingin aikaa)"; `Intl`'s `formatRange` leaves out what the two ends share.
pub fn format_span(start: DateTime<Utc>, end: DateTime<Utc>, lang: Lang, t: &Texts) -> String {
    let o = options(&[
        ("dateStyle", "medium"),
        ("timeStyle", "short"),
        ("timeZone", ZONE),
    ]);
    let dtf = Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str(locale(lang))), &o);
    let text = Reflect::get(&dtf, &JsValue::from_str("formatRange"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call2(&dtf, &js_date(start), &js_date(end)).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| {
            format!(
                "{} – {}",
                format_instant(start, lang, false),
                format_instant(end, lang, false)
            )
        });
    format!("{text} ({})", t.helsinki_time)
}

/// The same with the zone spelled out: "… (Helsinki time)".
pub fn format_helsinki(dt: DateTime<Utc>, lang: Lang, long: bool, t: &Texts) -> String {
    format!("{} ({})", format_instant(dt, lang, long), t.helsinki_time)
}

/// A whole number formatted by `Intl` (an integer, so that Rust's float formatting, which is
/// large, stays out of the wasm).
fn number_format(lang: Lang, opts: &[(&str, &str)], n: i64) -> String {
    let locales = Array::of1(&JsValue::from_str(locale(lang)));
    let nf = Intl::NumberFormat::new(&locales, &options(opts));
    let f: Function = nf.format();
    f.call1(&JsValue::UNDEFINED, &JsValue::from_f64(n as f64))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// Euros without decimals, e.g. "50 000 €".
pub fn format_eur(n: i64, lang: Lang) -> String {
    number_format(
        lang,
        &[
            ("style", "currency"),
            ("currency", "EUR"),
            ("maximumFractionDigits", "0"),
        ],
        n,
    )
}

/// Time left until `deadline` seen from `now`, e.g. "12 päivää jäljellä"; `None` once passed.
pub fn remaining(
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
    lang: Lang,
    t: &Texts,
) -> Option<String> {
    let minutes = (deadline - now).num_minutes();
    if deadline <= now {
        return None;
    }
    let (n, unit) = if minutes >= 2 * 24 * 60 {
        (minutes / (24 * 60), "day")
    } else if minutes >= 60 {
        (minutes / 60, "hour")
    } else {
        (minutes.max(1), "minute")
    };
    let amount = number_format(
        lang,
        &[("style", "unit"), ("unit", unit), ("unitDisplay", "long")],
        n,
    );
    Some(t.time_left.replace("{duration}", &amount))
}

/// How long ago `then` was, seen from `now`, e.g. "3 päivää sitten" / "för 3 dagar sedan".
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>, lang: Lang) -> String {
    let minutes = (now - then).num_minutes().max(1);
    let (n, unit) = if minutes >= 2 * 24 * 60 {
        (minutes / (24 * 60), "day")
    } else if minutes >= 60 {
        (minutes / 60, "hour")
    } else {
        (minutes, "minute")
    };
    let locales = Array::of1(&JsValue::from_str(locale(lang)));
    let rtf = Intl::RelativeTimeFormat::new(&locales, &options(&[("numeric", "always")]));
    String::from(rtf.format(-(n as f64), unit))
}

/// Helsinki's offset from UTC at the instant `utc_ms`, in milliseconds (+2 h or +3 h).
fn helsinki_offset_ms(utc_ms: i64) -> Option<i64> {
    let parts = PARTS_FORMAT.with(|cell| {
        let mut cell = cell.borrow_mut();
        let dtf = cell.get_or_insert_with(|| {
            let o = options(&[
                ("timeZone", ZONE),
                ("hourCycle", "h23"),
                ("year", "numeric"),
                ("month", "numeric"),
                ("day", "numeric"),
                ("hour", "numeric"),
                ("minute", "numeric"),
                ("second", "numeric"),
            ]);
            Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str("en-GB")), &o)
        });
        dtf.format_to_parts(&Date::new(&JsValue::from_f64(utc_ms as f64)))
    });
    let mut f = [0u32; 6];
    for part in parts.iter() {
        let kind = Reflect::get(&part, &JsValue::from_str("type"))
            .ok()?
            .as_string()?;
        let value = Reflect::get(&part, &JsValue::from_str("value"))
            .ok()?
            .as_string()?;
        let slot = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            "second" => 5,
            _ => continue,
        };
        f[slot] = value.parse().ok()?;
    }
    let wall =
        NaiveDate::from_ymd_opt(f[0] as i32, f[1], f[2])?.and_hms_opt(f[3] % 24, f[4], f[5])?;
    let floor = utc_ms.div_euclid(1000) * 1000;
    Some(wall.and_utc().timestamp_millis() - floor)
}

/// Helsinki wall-clock time to a UTC instant, correct across daylight-saving changes.
pub fn helsinki_to_utc(wall: NaiveDateTime) -> Option<DateTime<Utc>> {
    let w = wall.and_utc().timestamp_millis();
    let first = w - helsinki_offset_ms(w)?;
    let second = w - helsinki_offset_ms(first)?;
    DateTime::from_timestamp_millis(second)
}

fn utc_to_helsinki(dt: DateTime<Utc>) -> Option<NaiveDateTime> {
    let ms = dt.timestamp_millis();
    DateTime::from_timestamp_millis(ms + helsinki_offset_ms(ms)?).map(|d| d.naive_utc())
}

/// Reads `YYYY-MM-DD` (without pulling chrono's format machinery into the wasm).
fn parse_day(v: &str) -> Option<NaiveDate> {
    let mut it = v.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The value of an `<input type="datetime-local">` (Helsinki time) as a UTC instant.
pub fn parse_local_input(value: &str) -> Option<DateTime<Utc>> {
    let (day, clock) = value.trim().split_once('T')?;
    let mut parts = clock.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = parts
        .next()
        .map(|s| s.split('.').next().unwrap_or("0").parse().ok())
        .unwrap_or(Some(0))?;
    helsinki_to_utc(parse_day(day)?.and_hms_opt(h, m, s)?)
}

/// A UTC instant as the value of an `<input type="datetime-local">` in Helsinki time.
pub fn to_local_input(dt: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    utc_to_helsinki(dt)
        .map(|n| {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}",
                n.year(),
                n.month(),
                n.day(),
                n.hour(),
                n.minute()
            )
        })
        .unwrap_or_default()
}

/// The value of an `<input type="date">` as the first (or last) instant of that Helsinki day.
pub fn parse_date_input(value: &str, end_of_day: bool) -> Option<DateTime<Utc>> {
    let day = parse_day(value.trim())?;
    let wall = if end_of_day {
        day.and_hms_opt(23, 59, 59)?
    } else {
        day.and_hms_opt(0, 0, 0)?
    };
    helsinki_to_utc(wall)
}

/// The time of day in Helsinki time, e.g. "16.05" (for "Saved 16.05" after an autosave).
pub fn format_clock(dt: DateTime<Utc>, lang: Lang) -> String {
    let o = options(&[("timeStyle", "short"), ("timeZone", ZONE)]);
    String::from(js_date(dt).to_locale_string(locale(lang), &o))
}
