//! Billing calendar: months and the daily sync schedule, both in America/New_York (the billing
//! time zone), expressed as UTC instants. Pure functions, so the scheduler and the high-watermark
//! queries share one definition of "this month" and "12:00".

use std::fmt;
use std::ops::Range;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The zone billing months and the daily schedule are defined in.
pub const BILLING_TZ: Tz = chrono_tz::America::New_York;

/// Local wall-clock time of the daily sync in [`BILLING_TZ`].
pub const DAILY_RUN_TIME: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(time) => time,
    None => panic!("12:00:00 is a valid time"),
};

/// A calendar month in [`BILLING_TZ`] (the unit a high watermark is kept for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BillingMonth {
    year: i32,
    /// 1–12.
    month: u32,
}

impl BillingMonth {
    /// The month `year`-`month` (1–12); `None` for an invalid month.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Self { year, month })
    }

    /// The billing month that `instant` falls in, read on a New York wall clock.
    pub fn containing(instant: DateTime<Utc>) -> Self {
        let local = instant.with_timezone(&BILLING_TZ);
        Self {
            year: local.year(),
            month: local.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// The month after this one.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Local midnight on the 1st, as a UTC instant.
    pub fn start(self) -> DateTime<Utc> {
        let first = NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .expect("BillingMonth holds a valid year and month");
        local_to_utc(first.and_time(NaiveTime::MIN))
    }

    /// The month as a UTC half-open range `[start, next month's start)`.
    pub fn bounds(self) -> Range<DateTime<Utc>> {
        self.start()..self.next().start()
    }
}

impl fmt::Display for BillingMonth {
    /// `2026-03`, the form stored next to high-watermark samples.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The New York month containing `instant`, as a UTC `[start, end)` range.
pub fn month_bounds(instant: DateTime<Utc>) -> Range<DateTime<Utc>> {
    BillingMonth::containing(instant).bounds()
}

/// The first scheduled daily run strictly after `after` (a run exactly at `after` has happened).
pub fn next_daily_run(after: DateTime<Utc>) -> DateTime<Utc> {
    let today = after.with_timezone(&BILLING_TZ).date_naive();
    let candidate = scheduled_on(today);
    if candidate > after {
        candidate
    } else {
        scheduled_on(today.succ_opt().expect("dates far from chrono's limits"))
    }
}

/// The most recent scheduled daily run at or before `now`.
pub fn latest_daily_run(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.with_timezone(&BILLING_TZ).date_naive();
    let candidate = scheduled_on(today);
    if candidate <= now {
        candidate
    } else {
        scheduled_on(today.pred_opt().expect("dates far from chrono's limits"))
    }
}

/// Whether a catch-up run is due on start or wake: the most recent scheduled instant at or before
/// `now` is later than the last successful run. Any number of missed days yields one catch-up run
/// (a sync writes the month's watermark, so replaying each missed day would change nothing).
/// Never having run counts as due, so a fresh install syncs right away.
pub fn catch_up_due(last_success: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match last_success {
        None => true,
        Some(last) => latest_daily_run(now) > last,
    }
}

/// The daily run on a New York calendar day.
fn scheduled_on(day: NaiveDate) -> DateTime<Utc> {
    local_to_utc(day.and_time(DAILY_RUN_TIME))
}

/// A New York wall-clock time as a UTC instant. In the autumn overlap the earlier instant is
/// taken (the first time the clock shows it); in the spring gap the wall time does not exist, so
/// the instant the clock jumps to is taken. New York switches at 02:00, so midnight and noon are
/// never affected there; the rule keeps the functions total for any zone.
fn local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local;
    // A gap is at most a few hours; step forward until the wall time exists.
    for _ in 0..24 * 4 {
        if let Some(instant) = BILLING_TZ.from_local_datetime(&probe).earliest() {
            return instant.with_timezone(&Utc);
        }
        probe += Duration::minutes(15);
    }
    unreachable!("no time zone has a gap longer than a day")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .unwrap_or_else(|e| panic!("bad test instant {s}: {e}"))
            .with_timezone(&Utc)
    }

    #[test]
    fn month_bounds_table() {
        // (instant, expected start, expected end): EST is UTC-5, EDT is UTC-4.
        let cases = [
            // An ordinary winter month.
            (
                "2026-01-15T12:00:00Z",
                "2026-01-01T05:00:00Z",
                "2026-02-01T05:00:00Z",
            ),
            // March: starts in EST, the month after starts in EDT (switch on 8 March 2026).
            (
                "2026-03-08T06:59:59Z",
                "2026-03-01T05:00:00Z",
                "2026-04-01T04:00:00Z",
            ),
            (
                "2026-03-08T07:00:00Z",
                "2026-03-01T05:00:00Z",
                "2026-04-01T04:00:00Z",
            ),
            // November: starts in EDT, ends in EST (switch on 1 November 2026).
            (
                "2026-11-01T05:30:00Z",
                "2026-11-01T04:00:00Z",
                "2026-12-01T05:00:00Z",
            ),
            (
                "2026-11-01T06:30:00Z",
                "2026-11-01T04:00:00Z",
                "2026-12-01T05:00:00Z",
            ),
            // Already April in UTC, still March in New York.
            (
                "2026-04-01T03:59:59Z",
                "2026-03-01T05:00:00Z",
                "2026-04-01T04:00:00Z",
            ),
            // The first instant of April in New York.
            (
                "2026-04-01T04:00:00Z",
                "2026-04-01T04:00:00Z",
                "2026-05-01T04:00:00Z",
            ),
            // New Year's Eve evening in New York is already next year in UTC.
            (
                "2027-01-01T02:00:00Z",
                "2026-12-01T05:00:00Z",
                "2027-01-01T05:00:00Z",
            ),
            // Leap February.
            (
                "2028-02-29T23:00:00Z",
                "2028-02-01T05:00:00Z",
                "2028-03-01T05:00:00Z",
            ),
        ];
        for (instant, start, end) in cases {
            let bounds = month_bounds(utc(instant));
            assert_eq!(bounds, utc(start)..utc(end), "month of {instant}");
            assert!(bounds.contains(&utc(instant)), "{instant} inside its month");
        }
    }

    #[test]
    fn billing_month_names_and_steps() {
        let march = BillingMonth::containing(utc("2026-04-01T03:00:00Z"));
        assert_eq!(march.to_string(), "2026-03");
        assert_eq!(march.next().to_string(), "2026-04");
        assert_eq!(
            BillingMonth::new(2026, 12).unwrap().next(),
            BillingMonth::new(2027, 1).unwrap()
        );
        assert_eq!(BillingMonth::new(2026, 13), None);
        // Consecutive months tile time with no gap or overlap.
        let feb = BillingMonth::new(2026, 2).unwrap();
        assert_eq!(feb.bounds().end, feb.next().bounds().start);
    }

    #[test]
    fn next_daily_run_table() {
        let cases = [
            // Morning in New York (EST): today at 17:00Z.
            ("2026-01-10T14:00:00Z", "2026-01-10T17:00:00Z"),
            // Exactly at the run: the next one is tomorrow.
            ("2026-01-10T17:00:00Z", "2026-01-11T17:00:00Z"),
            // Afternoon: tomorrow.
            ("2026-01-10T17:00:01Z", "2026-01-11T17:00:00Z"),
            // Evening in New York but already the next UTC day: still New York's tomorrow noon.
            ("2026-01-11T03:00:00Z", "2026-01-11T17:00:00Z"),
            // Spring forward (8 March 2026): the day before runs at 17:00Z, the day itself at 16:00Z.
            ("2026-03-07T18:00:00Z", "2026-03-08T16:00:00Z"),
            ("2026-03-08T08:00:00Z", "2026-03-08T16:00:00Z"),
            // Fall back (1 November 2026): the day itself runs at 17:00Z (EST again).
            ("2026-10-31T17:00:00Z", "2026-11-01T17:00:00Z"),
            ("2026-11-01T05:30:00Z", "2026-11-01T17:00:00Z"),
            // Summer (EDT).
            ("2026-07-04T15:59:59Z", "2026-07-04T16:00:00Z"),
        ];
        for (after, expected) in cases {
            assert_eq!(next_daily_run(utc(after)), utc(expected), "after {after}");
        }
    }

    #[test]
    fn latest_daily_run_table() {
        let cases = [
            ("2026-01-10T17:00:00Z", "2026-01-10T17:00:00Z"),
            ("2026-01-10T16:59:59Z", "2026-01-09T17:00:00Z"),
            ("2026-03-08T16:30:00Z", "2026-03-08T16:00:00Z"),
            ("2026-03-08T15:30:00Z", "2026-03-07T17:00:00Z"),
            ("2026-11-01T16:30:00Z", "2026-10-31T16:00:00Z"),
        ];
        for (now, expected) in cases {
            assert_eq!(latest_daily_run(utc(now)), utc(expected), "at {now}");
        }
    }

    #[test]
    fn catch_up_table() {
        let cases = [
            // Never ran: due.
            (None, "2026-01-10T10:00:00Z", true),
            // Ran at today's noon, now is the afternoon: not due.
            (Some("2026-01-10T17:00:05Z"), "2026-01-10T20:00:00Z", false),
            // Ran exactly at the scheduled instant: not due.
            (Some("2026-01-10T17:00:00Z"), "2026-01-10T17:00:00Z", false),
            // Ran yesterday, today's noon has passed: due.
            (Some("2026-01-09T17:00:03Z"), "2026-01-10T17:00:01Z", true),
            // Ran yesterday, today's noon has not come yet: not due.
            (Some("2026-01-09T17:00:03Z"), "2026-01-10T16:59:59Z", false),
            // Asleep over several days: due (once).
            (Some("2026-01-02T17:00:03Z"), "2026-01-10T09:00:00Z", true),
            // Ran in the morning before noon (a manual run): noon still due after it.
            (Some("2026-01-10T15:00:00Z"), "2026-01-10T17:30:00Z", true),
            // Across spring forward: last run Saturday noon EST, now Sunday 12:30 EDT.
            (Some("2026-03-07T17:00:02Z"), "2026-03-08T16:30:00Z", true),
            // Sunday 11:30 EDT is 15:30Z; Saturday's run covers it.
            (Some("2026-03-07T17:00:02Z"), "2026-03-08T15:30:00Z", false),
        ];
        for (last, now, due) in cases {
            assert_eq!(
                catch_up_due(last.map(utc), utc(now)),
                due,
                "last {last:?}, now {now}"
            );
        }
    }

    #[test]
    fn local_gap_resolves_forward() {
        // 02:30 on 8 March 2026 does not exist in New York; the clock jumps to 03:00 EDT (07:00Z).
        let gap = NaiveDate::from_ymd_opt(2026, 3, 8)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(local_to_utc(gap), utc("2026-03-08T07:00:00Z"));
        // 01:30 on 1 November 2026 happens twice; the first (EDT, 05:30Z) is taken.
        let overlap = NaiveDate::from_ymd_opt(2026, 11, 1)
            .unwrap()
            .and_hms_opt(1, 30, 0)
            .unwrap();
        assert_eq!(local_to_utc(overlap), utc("2026-11-01T05:30:00Z"));
    }
}
