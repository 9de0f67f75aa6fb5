//! The register file: persistence, WAL, migrations, refusals, history and concurrent use.

use std::time::Duration;

use tendik_actions::{
    ActionsError, Baseline, Changes, Date, Event, Filter, NewAction, Outcome, Register, Status,
    StatusFilter, Timestamp,
};

fn date(text: &str) -> Date {
    text.parse().expect("a valid test fixture")
}

fn sample(area: &str, intervention: &str) -> NewAction {
    NewAction::new(
        area,
        intervention,
        "vaccine stock-outs at rural FAPs",
        "monthly stock reports to the oblast cold-chain officer",
        "Oblast health department",
        date("2026-06-30"),
    )
}

fn baseline() -> Baseline {
    Baseline {
        coverage: 0.62,
        se: Some(0.031),
        step: 2,
        determinant: "availability of commodities".to_owned(),
        recorded_at: "2026-01-15T08:00:00Z"
            .parse()
            .expect("a valid test fixture"),
        source: "demo:mics, sha256 3f5a".to_owned(),
    }
}

#[test]
fn actions_survive_a_restart() {
    let folder = tempfile::tempdir().unwrap();
    // Parent folders are created on open.
    let path = folder.path().join("nested/data/actions.sqlite");
    let added = {
        let mut register = Register::open(&path).unwrap();
        let mut new = sample("KG02205000000", "immunisation");
        new.budget = Some(125_000.5);
        new.baseline = Some(baseline());
        register.add(new, "aida").unwrap()
    };
    let register = Register::open(&path).unwrap();
    assert_eq!(register.get(added.id).unwrap(), added);
    assert_eq!(
        register.list(&Filter::default()).unwrap(),
        vec![added.clone()]
    );
    assert_eq!(added.budget_currency, "KGS");
    assert_eq!(added.baseline, Some(baseline()));
    assert_eq!(register.history(added.id).unwrap()[0].who, "aida");
}

#[test]
fn the_file_is_in_wal_mode_and_migrated_from_empty() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("actions.sqlite");
    // An empty file is a database with no schema yet.
    touch(&path);
    let register = Register::open(&path).unwrap();
    assert_eq!(register.journal_mode().unwrap(), "wal");
    assert_eq!(register.schema_version().unwrap(), 1);
    drop(register);
    let raw = rusqlite::Connection::open(&path).unwrap();
    let tables: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["action_history", "actions"]);
    let mode: String = raw
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "WAL mode is kept in the file");
    // A second open migrates nothing.
    assert_eq!(Register::open(&path).unwrap().schema_version().unwrap(), 1);
}

fn touch(path: &std::path::Path) {
    std::fs::File::create(path).expect("create an empty file");
}

#[test]
fn a_newer_schema_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("actions.sqlite");
    drop(Register::open(&path).unwrap());
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.pragma_update(None, "user_version", 7).unwrap();
    drop(raw);
    let error = Register::open(&path).unwrap_err();
    assert!(
        matches!(
            error,
            ActionsError::TooNew {
                found: 7,
                supported: 1,
                ..
            }
        ),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("schema version 7"), "{message}");
    assert!(message.contains("upgrade tendik"), "{message}");
}

#[test]
fn files_that_are_not_registers_are_refused() {
    let folder = tempfile::tempdir().unwrap();
    let text = folder.path().join("notes.sqlite");
    std::fs::write(
        &text,
        "this is a text file, not a database, and long enough ".repeat(20),
    )
    .unwrap();
    let error = Register::open(&text).unwrap_err();
    assert!(
        matches!(error, ActionsError::NotARegister { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("not an SQLite database"),
        "{error}"
    );

    let other = folder.path().join("other.sqlite");
    let raw = rusqlite::Connection::open(&other).unwrap();
    raw.execute_batch("CREATE TABLE people (name TEXT)")
        .unwrap();
    drop(raw);
    let error = Register::open(&other).unwrap_err();
    assert!(error.to_string().contains("of another program"), "{error}");

    // A folder is not a file.
    let error = Register::open(folder.path()).unwrap_err();
    assert!(
        matches!(error, ActionsError::CannotOpen { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("cannot open the register"),
        "{error}"
    );
}

/// A history entry's event, field, old and new value, and author.
type Entry<'a> = (
    Event,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
);

#[test]
fn every_change_is_in_the_history() {
    let mut register = Register::open_in_memory().unwrap();
    let action = register
        .add(sample("KG-Y", "immunisation"), "aida")
        .unwrap();
    let changes = Changes {
        owner: Some("Issyk-Kul FMC".to_owned()),
        due: Some(date("2026-09-30")),
        budget: Some(Some(50_000.0)),
        status: Some(Status::InProgress),
        ..Changes::default()
    };
    let updated = register
        .update(
            action.id,
            changes.clone(),
            "agreed at the oblast meeting",
            "bakyt",
        )
        .unwrap();
    assert_eq!(updated.owner, "Issyk-Kul FMC");
    assert_eq!(updated.status, Status::InProgress);
    // The same changes again change nothing and write nothing.
    register.update(action.id, changes, "", "bakyt").unwrap();
    // A note alone is a follow-up entry.
    register
        .update(action.id, Changes::default(), "called the FAPs", "bakyt")
        .unwrap();
    register
        .close(action.id, Outcome::Done, "reports arrive monthly", "aida")
        .unwrap();
    register
        .reopen(action.id, "stock-outs again", "cholpon")
        .unwrap();

    let history = register.history(action.id).unwrap();
    let summary: Vec<Entry<'_>> = history
        .iter()
        .map(|c| {
            (
                c.event,
                c.field.as_deref(),
                c.old.as_deref(),
                c.new.as_deref(),
                c.who.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Event::Add, None, None, None, "aida"),
            (
                Event::Update,
                Some("owner"),
                Some("Oblast health department"),
                Some("Issyk-Kul FMC"),
                "bakyt"
            ),
            (
                Event::Update,
                Some("due"),
                Some("2026-06-30"),
                Some("2026-09-30"),
                "bakyt"
            ),
            (Event::Update, Some("budget"), None, Some("50000"), "bakyt"),
            (
                Event::Update,
                Some("status"),
                Some("open"),
                Some("in_progress"),
                "bakyt"
            ),
            (Event::Note, None, None, None, "bakyt"),
            (
                Event::Close,
                Some("status"),
                Some("in_progress"),
                Some("done"),
                "aida"
            ),
            (
                Event::Reopen,
                Some("status"),
                Some("done"),
                Some("open"),
                "cholpon"
            ),
        ]
    );
    assert_eq!(history[1].note, "agreed at the oblast meeting");
    assert_eq!(history[5].note, "called the FAPs");
    assert_eq!(register.get(action.id).unwrap().status, Status::Open);
}

#[test]
fn closing_and_reopening_check_the_status() {
    let mut register = Register::open_in_memory().unwrap();
    let id = register
        .add(sample("KG", "immunisation"), "aida")
        .unwrap()
        .id;
    let error = register.reopen(id, "", "aida").unwrap_err();
    assert!(error.to_string().contains("action 1 is open"), "{error}");
    register.close(id, Outcome::Cancelled, "", "aida").unwrap();
    let error = register.close(id, Outcome::Done, "", "aida").unwrap_err();
    assert_eq!(
        error.to_string(),
        "action 1 is cancelled; reopen it first to close it again"
    );
}

#[test]
fn unknown_ids_bad_fields_and_names_are_explained() {
    let mut register = Register::open_in_memory().unwrap();
    let error = register.get(42).unwrap_err();
    assert_eq!(
        error.to_string(),
        ":memory:: no action with id 42; list the register to see the ids it has"
    );
    assert!(matches!(
        register.update(42, Changes::default(), "", "a"),
        Err(ActionsError::NotFound { id: 42, .. })
    ));
    assert!(matches!(
        register.history(42),
        Err(ActionsError::NotFound { .. })
    ));

    let error = "2026-02-30".parse::<Date>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "date \"2026-02-30\": 2026-02 has days 01 to 28; expected a date written YYYY-MM-DD, \
         such as 2026-03-31"
    );
    let error = "finished".parse::<Status>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "status \"finished\": expected one of open, in_progress, done, cancelled"
    );
    assert_eq!("in-progress".parse::<Status>().unwrap(), Status::InProgress);
    assert!("open".parse::<Outcome>().is_err());
    assert_eq!(
        "closed".parse::<StatusFilter>().unwrap(),
        StatusFilter::Closed
    );

    let mut empty_cause = sample("KG", "immunisation");
    empty_cause.cause = "  ".to_owned();
    let error = register.add(empty_cause, "a").unwrap_err();
    assert_eq!(error.to_string(), "cause: empty; every action needs one");
    let mut negative = sample("KG", "immunisation");
    negative.budget = Some(-5.0);
    let error = register.add(negative, "a").unwrap_err();
    assert!(error.to_string().contains("0 or more"), "{error}");
    let mut infinite = sample("KG", "immunisation");
    infinite.budget = Some(f64::INFINITY);
    assert!(register.add(infinite, "a").is_err());
    let mut bad_baseline = sample("KG", "immunisation");
    bad_baseline.baseline = Some(Baseline {
        coverage: 62.0,
        ..baseline()
    });
    let error = register.add(bad_baseline, "a").unwrap_err();
    assert!(
        error.to_string().starts_with("baseline_coverage \"62\""),
        "{error}"
    );
    assert!(
        register
            .list(&Filter {
                status: StatusFilter::All,
                ..Filter::default()
            })
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_callers_checks_refuse_unknown_codes() {
    let mut register = Register::open_in_memory()
        .unwrap()
        .with_area_check(|code| {
            if code.starts_with("KG") {
                Ok(())
            } else {
                Err("not a tendik-geo unit code; `tendik geo` lists them".to_owned())
            }
        })
        .with_intervention_check(|id| {
            if id == "immunisation" {
                Ok(())
            } else {
                Err("not an intervention of the plan: immunisation".to_owned())
            }
        });
    let error = register
        .add(sample("Naryn", "immunisation"), "a")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "area_code \"Naryn\": not a tendik-geo unit code; `tendik geo` lists them"
    );
    assert!(register.add(sample("KG-N", "wash"), "a").is_err());
    let id = register
        .add(sample("KG-N", "immunisation"), "a")
        .unwrap()
        .id;
    let to_bad_area = Changes {
        area_code: Some("X".to_owned()),
        ..Changes::default()
    };
    assert!(register.update(id, to_bad_area, "", "a").is_err());
}

#[test]
fn listing_filters_by_area_intervention_status_and_due_date() {
    let mut register = Register::open_in_memory().unwrap();
    let a = register
        .add(sample("KG02205000000", "immunisation"), "x")
        .unwrap();
    let mut later = sample("KG02210000000", "immunisation");
    later.due = date("2027-01-31");
    let b = register.add(later, "x").unwrap();
    let c = register.add(sample("KG02205000000", "wash"), "x").unwrap();
    register.close(c.id, Outcome::Done, "", "x").unwrap();
    let ids = |filter: Filter| -> Vec<i64> {
        register
            .list(&filter)
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect()
    };
    assert_eq!(ids(Filter::default()), [a.id, b.id]);
    assert_eq!(
        ids(Filter {
            status: StatusFilter::All,
            ..Filter::default()
        }),
        [a.id, b.id, c.id]
    );
    assert_eq!(
        ids(Filter {
            status: StatusFilter::Closed,
            ..Filter::default()
        }),
        [c.id]
    );
    assert_eq!(
        ids(Filter {
            areas: vec!["KG02205000000".to_owned(), "KG02210000000".to_owned()],
            intervention: Some("immunisation".to_owned()),
            ..Filter::default()
        }),
        [a.id, b.id]
    );
    assert_eq!(
        ids(Filter {
            areas: vec!["KG02205000000".to_owned()],
            status: StatusFilter::All,
            ..Filter::default()
        }),
        [a.id, c.id]
    );
    // Overdue on 2026-07-01: due 2026-06-30 and still active; the closed one is not overdue.
    assert_eq!(
        ids(Filter {
            overdue_on: Some(date("2026-07-01")),
            status: StatusFilter::All,
            ..Filter::default()
        }),
        [a.id]
    );
    assert!(
        ids(Filter {
            overdue_on: Some(date("2026-06-30")),
            ..Filter::default()
        })
        .is_empty()
    );
}

#[test]
fn two_handles_share_one_file() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("actions.sqlite");
    let mut writer = Register::open(&path).unwrap();
    let reader = Register::open(&path).unwrap();
    assert!(reader.list(&Filter::default()).unwrap().is_empty());
    let added = writer.add(sample("KG-C", "immunisation"), "aida").unwrap();
    assert_eq!(
        reader.list(&Filter::default()).unwrap(),
        vec![added.clone()]
    );
    // The other handle writes too, and the first sees it.
    let mut second = reader;
    second
        .close(added.id, Outcome::Done, "from the other handle", "bakyt")
        .unwrap();
    assert_eq!(writer.get(added.id).unwrap().status, Status::Done);
    assert_eq!(writer.history(added.id).unwrap().len(), 2);
}

#[test]
fn a_held_lock_is_reported_as_busy() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("actions.sqlite");
    let mut register = Register::open(&path).unwrap();
    register
        .set_busy_timeout(Duration::from_millis(50))
        .unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let error = register.add(sample("KG", "immunisation"), "a").unwrap_err();
    assert!(matches!(error, ActionsError::Busy { .. }), "{error:?}");
    assert!(
        error.to_string().contains("locked by another process"),
        "{error}"
    );
    // Readers are not blocked by a writer in WAL mode.
    assert!(register.list(&Filter::default()).unwrap().is_empty());
    other.execute_batch("ROLLBACK").unwrap();
    register.add(sample("KG", "immunisation"), "a").unwrap();
}

#[test]
fn timestamps_are_utc_rfc_3339() {
    let mut register = Register::open_in_memory().unwrap();
    let before = Timestamp::now();
    let action = register.add(sample("KG", "immunisation"), "a").unwrap();
    assert!(action.created_at >= before && action.created_at <= Timestamp::now());
    let text = action.created_at.to_string();
    assert_eq!(text.len(), 20, "{text}");
    assert!(text.ends_with('Z'));
    assert_eq!(text.parse::<Timestamp>().unwrap(), action.created_at);
}
