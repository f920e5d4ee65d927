//! Helsinki time without a time-zone database: Finland is UTC+2, and UTC+3 in summer time,
//! which the EU starts on the last Sunday of March and ends on the last Sunday of October, both
//! at 01:00 UTC (Directive 2000/84/EC). Used where the server states a time in words, such as
//! the time of receipt on a proposal receipt.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = next_month - Duration::days(1);
    let back = i64::from(last.weekday().num_days_from_sunday());
    Some(last - Duration::days(back))
}

fn change_at(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let day = last_sunday(year, month)?;
    Some(Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0)?))
}

/// Helsinki's offset from UTC at `t`, in hours (2 or 3).
pub fn offset_hours(t: DateTime<Utc>) -> i32 {
    let year = t.year();
    match (change_at(year, 3), change_at(year, 10)) {
        (Some(start), Some(end)) if t >= start && t < end => 3,
        _ => 2,
    }
}

/// `t` in Helsinki time as `2026-11-22 18:05:03 +02:00`.
pub fn format(t: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(offset_hours(t) * 3600) {
        Some(offset) => t
            .with_timezone(&offset)
            .format("%Y-%m-%d %H:%M:%S %:z")
            .to_string(),
        None => t.format("%Y-%m-%d %H:%M:%S +00:00").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_eu_dates() {
        // 2026: last Sunday of March is the 29th, of October the 25th.
        assert_eq!(offset_hours(utc(2026, 3, 29, 0, 59)), 2);
        assert_eq!(offset_hours(utc(2026, 3, 29, 1, 0)), 3);
        assert_eq!(offset_hours(utc(2026, 10, 25, 0, 59)), 3);
        assert_eq!(offset_hours(utc(2026, 10, 25, 1, 0)), 2);
        assert_eq!(offset_hours(utc(2026, 1, 15, 12, 0)), 2);
        assert_eq!(offset_hours(utc(2027, 3, 28, 2, 0)), 3);
    }

    #[test]
    fn formats_with_the_offset() {
        assert_eq!(
            format(utc(2026, 11, 22, 16, 5)),
            "2026-11-22 18:05:00 +02:00"
        );
        assert_eq!(
            format(utc(2026, 6, 1, 20, 59)),
            "2026-06-01 23:59:00 +03:00"
        );
        assert_eq!(
            format(utc(2026, 12, 31, 22, 30)),
            "2027-01-01 00:30:00 +02:00"
        );
    }
}
