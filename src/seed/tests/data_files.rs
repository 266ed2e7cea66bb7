use std::{collections::BTreeSet, path::Path};

use crate::seed::{
    data::{self, DepartmentSpec, FILES, SeedData},
    integrity,
};

/// Paths of the `.toml` files under `dir`, relative to `root`.
fn toml_files(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            out.insert(rel.replace('\\', "/"));
        }
    }
}

#[test]
fn every_data_file_is_compiled_in_and_parses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/seed/data");
    let mut on_disk = BTreeSet::new();
    toml_files(&root, &root, &mut on_disk);
    let listed: BTreeSet<String> = FILES.iter().map(|(n, _)| (*n).to_owned()).collect();
    assert_eq!(on_disk, listed, "a data file is not in data::FILES");
    for (name, text) in FILES {
        assert!(
            text.parse::<toml::Table>().is_ok(),
            "{name} is not valid TOML"
        );
    }
    if let Err(e) = SeedData::parse() {
        panic!("{e}");
    }
    assert!(data::load().is_ok());
}

#[test]
fn the_data_refers_only_to_what_exists() {
    let data = data::load().unwrap();
    assert_eq!(integrity::problems(data), Vec::<String>::new());
    let codes: Vec<&str> = data.districts.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "441200", "441202", "441203", "441204", "441223", "441224", "441225", "441226",
            "441284"
        ]
    );
    assert_eq!(data.departments.len(), 17);
    assert_eq!(data.officers.len(), 41);
    assert!(data.topics.len() >= 30 && data.out_of_scope.len() >= 3);
    assert!(data.answers.len() >= 24);
}

#[test]
fn broken_references_are_reported_by_name() {
    let mut data = SeedData::parse().unwrap();
    data.officers[3].department = "nowhere".into();
    let badge = data.officers[4].badge.clone();
    data.officers[5].badge = badge;
    data.topics[0].answer = Some("no_such_entry".into());
    data.topics[1].replies[0] = "您好，{{unknown}}".into();
    data.topics[2].bodies.pop();
    data.districts[2].desk = "dinghu2".into();
    data.departments.push(DepartmentSpec {
        code: "pr".into(),
        name: "重复的科室".into(),
        kind: entity::DepartmentKind::Division,
        district: "441299".into(),
    });
    data.announcements[4].corrects = Some("later".into());
    data.rota.districts.push("441299".into());
    data.wording.internal_notes.push(" ".into());
    let problems = integrity::problems(&data);
    for needle in [
        "unknown department nowhere",
        "duplicate badge",
        "no_such_entry is not an approved",
        "unknown placeholder {{unknown}}",
        "subjects and bodies go in pairs",
        "unknown desk dinghu2",
        "duplicate department pr",
        "unknown district 441299",
        "corrects later",
        "rota: unknown district 441299",
        "empty text",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "{needle} not reported: {problems:#?}"
        );
    }
}
