//! Export and import: CSV and JSON round trips, updates by id, and all-or-nothing imports.

use tendik_actions::{
    Action, ActionsError, Baseline, Changes, Date, Event, Filter, Format, NewAction, Outcome,
    Register, StatusFilter,
};

fn all() -> Filter {
    Filter {
        status: StatusFilter::All,
        ..Filter::default()
    }
}

/// Three actions covering every field: a baseline with and without SE, a budget in
/// another currency, text with commas, quotes and new lines, a closed action.
fn filled_register() -> Register {
    let mut register = Register::open_in_memory().expect("open a register in memory");
    let mut first = NewAction::new(
        "KG02205000000",
        "immunisation",
        "vaccine stock-outs, \"often\" in winter",
        "monthly stock reports\nto the cold-chain officer",
        "Oblast health department",
        "2026-06-30".parse().expect("a valid test fixture"),
    );
    first.step = Some(2);
    first.determinant = Some("availability of commodities".to_owned());
    first.budget = Some(125_000.25);
    "Кыргызча: эмдөө; русский: прививка".clone_into(&mut first.notes);
    first.baseline = Some(Baseline {
        coverage: 0.623_456_789_012_345_6,
        se: Some(0.031),
        step: 2,
        determinant: "availability of commodities".to_owned(),
        recorded_at: "2026-01-15T08:00:00Z"
            .parse()
            .expect("a valid test fixture"),
        source: "demo:mics sha256 3f5a".to_owned(),
    });
    register.add(first, "aida").expect("a valid test fixture");
    let mut second = NewAction::new(
        "KG-Y",
        "wash",
        "no handwashing stations",
        "install stations",
        "Ayil okmotu",
        "2027-01-31".parse().expect("a valid test fixture"),
    );
    second.budget = Some(1e-7);
    "USD".clone_into(&mut second.budget_currency);
    second.baseline = Some(Baseline {
        coverage: 0.4,
        se: None,
        step: 1,
        determinant: "policy".to_owned(),
        recorded_at: "2026-01-15T08:00:00Z"
            .parse()
            .expect("a valid test fixture"),
        source: String::new(),
    });
    let id = register
        .add(second, "bakyt")
        .expect("a valid test fixture")
        .id;
    register
        .update(
            id,
            Changes {
                owner: Some("Issyk-Kul oblast administration".to_owned()),
                ..Changes::default()
            },
            "owner changed",
            "bakyt",
        )
        .expect("a valid test fixture");
    let third = NewAction::new(
        "KG",
        "nutrition",
        "c",
        "a",
        "o",
        "2026-02-01".parse().expect("a valid test fixture"),
    );
    let id = register
        .add(third, "cholpon")
        .expect("a valid test fixture")
        .id;
    register
        .close(id, Outcome::Cancelled, "merged", "cholpon")
        .expect("a valid test fixture");
    register
}

fn export(register: &Register, format: Format) -> String {
    let mut out = Vec::new();
    register.export(format, &mut out).expect("export to memory");
    String::from_utf8(out).expect("exports are UTF-8")
}

#[test]
fn csv_round_trips_into_an_empty_register() {
    let source = filled_register();
    let csv = export(&source, Format::Csv);
    assert!(csv.starts_with(
        "id,area_code,intervention,step,determinant,cause,action,owner,due,budget,\
         budget_currency,status,notes,baseline_coverage,baseline_se,baseline_step,\
         baseline_determinant,baseline_recorded_at,baseline_source,created_at,updated_at\n"
    ));
    let mut target = Register::open_in_memory().unwrap();
    let report = target
        .import(Format::Csv, csv.as_bytes(), "importer")
        .unwrap();
    assert_eq!(report.added, [1, 2, 3]);
    assert!(report.updated.is_empty() && report.unchanged.is_empty());
    assert_eq!(target.list(&all()).unwrap(), source.list(&all()).unwrap());
    assert_eq!(export(&target, Format::Csv), csv);
    // CSV has no history: each action's history starts with its import.
    let history = target.history(2).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].event, Event::Import);
    assert_eq!(history[0].note, "imported from csv");
    assert_eq!(history[0].who, "importer");
}

#[test]
fn json_round_trips_with_history() {
    let source = filled_register();
    let json = export(&source, Format::Json);
    let mut target = Register::open_in_memory().unwrap();
    let report = target
        .import(Format::Json, json.as_bytes(), "importer")
        .unwrap();
    assert_eq!(report.added, [1, 2, 3]);
    assert_eq!(target.list(&all()).unwrap(), source.list(&all()).unwrap());
    for id in 1..=3 {
        let mut expected = source.history(id).unwrap();
        let got = target.history(id).unwrap();
        let imported = got.last().unwrap();
        assert_eq!(imported.event, Event::Import);
        assert_eq!(imported.note, "imported from json");
        expected.push(imported.clone());
        assert_eq!(got, expected);
    }
    // New ids continue after the imported ones.
    let added = target
        .add(
            NewAction::new("KG", "wash", "c", "a", "o", "2026-05-01".parse().unwrap()),
            "x",
        )
        .unwrap();
    assert_eq!(added.id, 4);
}

#[test]
fn json_export_has_the_documented_shape() {
    let json: serde_json::Value =
        serde_json::from_str(&export(&filled_register(), Format::Json)).unwrap();
    assert_eq!(json["format"], "tendik-actions");
    assert_eq!(json["version"], 1);
    let first = &json["actions"][0];
    assert_eq!(first["id"], 1);
    assert_eq!(first["due"], "2026-06-30");
    assert_eq!(first["status"], "open");
    assert_eq!(first["budget"], 125_000.25);
    assert_eq!(first["baseline"]["step"], 2);
    assert_eq!(first["history"][0]["event"], "add");
    assert_eq!(json["actions"][2]["baseline"], serde_json::Value::Null);
    assert_eq!(json["actions"][2]["status"], "cancelled");
}

#[test]
fn rows_with_known_ids_update_and_rows_without_ids_add() {
    let mut register = filled_register();
    let csv = "id,status,owner,budget\n\
               1,in_progress,Oblast health department,\n\
               2,open,Issyk-Kul oblast administration,1e-7\n\
               ,,,\n";
    // The last row has no id: a new action, which needs more columns.
    let error = register
        .import(Format::Csv, csv.as_bytes(), "x")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 4, column area_code: missing; a new action (a row without an id the register \
         has) needs area_code, intervention, cause, action, owner and due; nothing was imported"
    );
    let csv = "id,status,owner,budget,area_code,intervention,cause,action,due\n\
               1,in_progress,Oblast health department,,KG02205000000,immunisation,x,y,2026-06-30\n\
               2,open,Issyk-Kul oblast administration,1e-7,KG-Y,wash,no handwashing stations,install stations,2027-01-31\n\
               ,,Osh FMC,300,KG-O,immunisation,cold chain,fridges,2026-12-31\n";
    let report = register
        .import(Format::Csv, csv.as_bytes(), "importer")
        .unwrap();
    assert_eq!(report.updated, [1]);
    assert_eq!(report.unchanged, [2]);
    assert_eq!(report.added, [4]);
    let first = register.get(1).unwrap();
    assert_eq!(first.status.as_str(), "in_progress");
    assert_eq!(
        first.budget, None,
        "an empty cell empties an optional field"
    );
    assert_eq!(first.cause, "x");
    assert!(
        first.baseline.is_some(),
        "columns the file lacks stay as they were"
    );
    let fields: Vec<(Event, Option<String>)> = register
        .history(1)
        .unwrap()
        .into_iter()
        .skip(1)
        .map(|c| (c.event, c.field))
        .collect();
    assert_eq!(
        fields,
        [
            (Event::Import, Some("cause".to_owned())),
            (Event::Import, Some("action".to_owned())),
            (Event::Import, Some("budget".to_owned())),
            (Event::Import, Some("status".to_owned())),
        ]
    );
    let added = register.get(4).unwrap();
    assert_eq!(added.owner, "Osh FMC");
    assert_eq!(added.budget_currency, "KGS");
    assert_eq!(added.status.as_str(), "open");
}

/// The register's state, to compare before and after a failed import.
fn state(register: &Register) -> (Vec<Action>, usize) {
    let actions = register.list(&all()).expect("list the register");
    let history = register.all_history().expect("read the history").len();
    (actions, history)
}

#[test]
fn a_bad_row_aborts_the_whole_import() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("actions.sqlite");
    let mut register = Register::open(&path).unwrap();
    register
        .add(
            NewAction::new("KG", "wash", "c", "a", "o", "2026-05-01".parse().unwrap()),
            "x",
        )
        .unwrap();
    let before = state(&register);
    // Row 1 updates, row 2 adds, row 3 has an impossible date: nothing may be written.
    let csv = "id,area_code,intervention,cause,action,owner,due\n\
               1,KG,wash,new cause,a,o,2026-05-01\n\
               ,KG-C,immunisation,c,a,o,2026-05-01\n\
               ,KG-C,immunisation,c,a,o,2026-02-30\n";
    let error = register
        .import(Format::Csv, csv.as_bytes(), "x")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 4, column due \"2026-02-30\": 2026-02 has days 01 to 28; expected a date \
         written YYYY-MM-DD, such as 2026-03-31; nothing was imported"
    );
    assert_eq!(state(&register), before);

    // An error found only while writing (a failed check) rolls back the rows before it.
    let mut register = Register::open(&path).unwrap().with_area_check(|code| {
        if code == "XX" {
            Err("not a tendik-geo unit code".to_owned())
        } else {
            Ok(())
        }
    });
    let json = r#"{"format": "tendik-actions", "version": 1, "actions": [
        {"id": 1, "cause": "new cause"},
        {"area_code": "KG-C", "intervention": "wash", "cause": "c", "action": "a",
         "owner": "o", "due": "2026-05-01"},
        {"area_code": "XX", "intervention": "wash", "cause": "c", "action": "a",
         "owner": "o", "due": "2026-05-01"}
    ]}"#;
    let error = register
        .import(Format::Json, json.as_bytes(), "x")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "actions[2], column area_code \"XX\": not a tendik-geo unit code; nothing was imported"
    );
    assert_eq!(state(&register), before);
    // And the file on disk agrees.
    assert_eq!(state(&Register::open(&path).unwrap()), before);
}

#[test]
fn import_errors_name_the_place_column_value_and_fix() {
    let mut register = Register::open_in_memory().unwrap();
    let cases: [(Format, &str, &str); 8] = [
        (
            Format::Csv,
            "id,area,cause\n1,KG,c\n",
            "line 1: unknown column \"area\"; the columns are id, area_code,",
        ),
        (
            Format::Csv,
            "area_code,intervention,cause,action,owner,due,status\nKG,wash,c,a,o,2026-05-01,finished\n",
            "line 2, column status \"finished\": expected one of open, in_progress, done, cancelled",
        ),
        (
            Format::Csv,
            "area_code,intervention,cause,action,owner,due,budget\nKG,wash,c,a,o,2026-05-01,\"1,500\"\n",
            "line 2, column budget \"1,500\": expected a number such as 1500.5",
        ),
        (
            Format::Csv,
            "area_code,intervention,cause,action,owner,due,baseline_coverage\nKG,wash,c,a,o,2026-05-01,0.5\n",
            "line 2, column baseline_step: empty; a baseline needs baseline_coverage, baseline_step",
        ),
        (
            Format::Csv,
            "area_code,intervention,cause,action,owner,due\nKG,wash,,a,o,2026-05-01\n",
            "line 2, column cause: empty; every action needs one",
        ),
        (
            Format::Json,
            r#"{"actions": [{"id": 1, "colour": "red"}]}"#,
            "actions[0].colour: unknown key; an action has id, area_code,",
        ),
        (
            Format::Json,
            r#"{"format": "tendik-actions", "version": 2, "actions": []}"#,
            "version: is 2; this tendik reads versions up to 1: upgrade tendik",
        ),
        (
            Format::Json,
            r#"{"actions": [{"area_code": "KG", "step": true}]}"#,
            "actions[0], column step \"true\": expected text or a number",
        ),
    ];
    for (format, input, expected) in cases {
        let error = register.import(format, input.as_bytes(), "x").unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with(expected),
            "{message}\n  expected: {expected}"
        );
        assert!(message.ends_with("nothing was imported"), "{message}");
        assert!(
            matches!(
                error,
                ActionsError::ImportRow { .. } | ActionsError::ImportFile { .. }
            ),
            "{error:?}"
        );
    }
    assert!(register.list(&all()).unwrap().is_empty());
    let error = register
        .import(Format::Json, "{not json".as_bytes(), "x")
        .unwrap_err();
    assert!(
        error.to_string().starts_with("line 1: not valid JSON"),
        "{error}"
    );
}

#[test]
fn formats_parse_and_follow_file_extensions() {
    assert_eq!("CSV".parse::<Format>().unwrap(), Format::Csv);
    assert_eq!(
        "xlsx".parse::<Format>().unwrap_err().to_string(),
        "format \"xlsx\": expected csv or json"
    );
    assert_eq!(
        Format::from_extension(std::path::Path::new("out/actions.JSON")),
        Some(Format::Json)
    );
    assert_eq!(
        Format::from_extension(std::path::Path::new("actions")),
        None
    );
    let _: Date = "2026-01-01".parse().unwrap();
}
