use std::collections::HashSet;

use entity::{DepartmentKind, Role};

use super::directory;

#[test]
fn the_directory_has_the_structure_the_bureau_works_with() {
    let dir = directory();
    assert_eq!(dir.districts.len(), 9);
    assert_eq!(dir.districts[0].code, "441200");
    assert_eq!(dir.city(), 0);
    assert!(dir.districts[0].parent_id.is_none());
    assert!(
        dir.districts[1..]
            .iter()
            .all(|d| d.parent_id == Some(dir.districts[0].id))
    );
    assert_eq!(dir.departments.len(), 17);
    assert!(dir.officers.len() >= 34);

    let badges: HashSet<_> = dir
        .officers
        .iter()
        .map(|o| o.badge_number.clone())
        .collect();
    assert_eq!(badges.len(), dir.officers.len());
    assert!(
        badges
            .iter()
            .all(|b| b.len() == 6 && b.starts_with('0') && b.bytes().all(|c| c.is_ascii_digit()))
    );

    let pr = dir.department("pr");
    let admin = &dir.officers[dir.admin()];
    assert_eq!(
        (admin.role, admin.spokesperson, admin.department_id),
        (Role::Admin, true, dir.departments[pr].id)
    );
    assert_eq!(admin.badge_number, "040001");
    let spokespeople: Vec<_> = dir.officers.iter().filter(|o| o.spokesperson).collect();
    assert_eq!(spokespeople.len(), 2);
    assert!(
        spokespeople
            .iter()
            .all(|o| o.department_id == dir.departments[pr].id)
    );
    assert_ne!(dir.spokesperson(), dir.admin());
    assert_eq!(dir.officers.iter().filter(|o| !o.active).count(), 1);

    assert_eq!(dir.counties().len(), 8);
    for district in dir.counties() {
        let b = dir.desk(district);
        let name = &dir.departments[b].name;
        assert_eq!(dir.departments[b].kind, DepartmentKind::DistrictBureau);
        assert_eq!(dir.departments[b].district_id, dir.districts[district].id);
        assert_eq!(dir.staff(b, Some(Role::Supervisor)).len(), 1, "{name}");
        assert!(dir.staff(b, Some(Role::Officer)).len() >= 2, "{name}");
    }
    for (i, d) in dir.departments.iter().enumerate() {
        if d.kind == DepartmentKind::Division {
            assert!(
                dir.staff(i, None)
                    .iter()
                    .any(|&o| dir.officers[o].expert && dir.officers[o].specialty.is_some()),
                "{} has no expert",
                d.name
            );
        }
    }
    let city_supervisor = dir.supervisor_for(dir.city());
    assert_eq!(
        dir.officers[city_supervisor].department_id,
        dir.departments[dir.department("110")].id
    );
    assert_eq!(dir.officers[city_supervisor].role, Role::Supervisor);
    // Deterministic: same badges and names on every run.
    let again = directory();
    assert!(
        dir.officers
            .iter()
            .zip(&again.officers)
            .all(|(a, b)| a.badge_number == b.badge_number && a.real_name == b.real_name)
    );
}
