//! The bureau's structure as rows: districts, departments and officers from
//! `data/directory.toml`, with the lookups the planner routes inquiries by.

use std::collections::HashMap;

use chrono::{DateTime, Duration, SubsecRound, Utc};
use entity::{DepartmentKind, Role, department, district, officer};

use super::{
    DirectorySummary,
    data::{DESK, SeedData},
    draw::id_at,
};

/// The planned directory, in the order of the data file. Indices into `districts`,
/// `departments` and `officers` are how the planner names them.
pub(super) struct Directory {
    pub data: &'static SeedData,
    pub districts: Vec<district::Model>,
    pub departments: Vec<department::Model>,
    pub officers: Vec<officer::Model>,
    district_index: HashMap<&'static str, usize>,
    department_index: HashMap<&'static str, usize>,
}

impl Directory {
    /// Rows for the data's directory, created a second apart from `at` on. The data
    /// has been checked ([`super::integrity`]), so every code it names exists.
    pub fn plan(data: &'static SeedData, at: DateTime<Utc>) -> Self {
        let mut tick = 0i64;
        let mut next = || {
            tick += 1;
            let t = (at + Duration::seconds(tick)).trunc_subsecs(6);
            (id_at(t), t)
        };
        let district_index: HashMap<&str, usize> = data
            .districts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.as_str(), i))
            .collect();
        let department_index: HashMap<&str, usize> = data
            .departments
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.as_str(), i))
            .collect();
        let stamps: Vec<_> = data.districts.iter().map(|_| next()).collect();
        let districts: Vec<district::Model> = data
            .districts
            .iter()
            .zip(&stamps)
            .map(|(spec, &(id, t))| district::Model {
                id,
                code: spec.code.clone(),
                name: spec.name.clone(),
                parent_id: spec.parent.as_deref().map(|p| stamps[district_index[p]].0),
                created_at: t,
                updated_at: t,
            })
            .collect();
        let departments: Vec<department::Model> = data
            .departments
            .iter()
            .map(|spec| {
                let (id, t) = next();
                department::Model {
                    id,
                    name: spec.name.clone(),
                    kind: spec.kind,
                    district_id: districts[district_index[spec.district.as_str()]].id,
                    active: true,
                    created_at: t,
                    updated_at: t,
                }
            })
            .collect();
        let officers = data
            .officers
            .iter()
            .map(|spec| {
                let (id, t) = next();
                officer::Model {
                    id,
                    real_name: spec.name.clone(),
                    badge_number: spec.badge.clone(),
                    duty_name: spec.duty_name.clone(),
                    department_id: departments[department_index[spec.department.as_str()]].id,
                    role: spec.role,
                    expert: spec.specialty.is_some(),
                    specialty: spec.specialty.clone(),
                    spokesperson: spec.spokesperson,
                    active: spec.active,
                    created_at: t,
                    // A deactivated officer was changed later than created.
                    updated_at: if spec.active {
                        t
                    } else {
                        t + Duration::days(300)
                    },
                }
            })
            .collect();
        Directory {
            data,
            districts,
            departments,
            officers,
            district_index,
            department_index,
        }
    }

    pub fn summary(&self) -> DirectorySummary {
        DirectorySummary {
            districts: self.districts.len(),
            departments: self.departments.len(),
            officers: self.officers.len(),
        }
    }

    /// Index of the district with this code.
    pub fn district(&self, code: &str) -> usize {
        self.district_index[code]
    }

    /// Index of the department with this code.
    pub fn department(&self, code: &str) -> usize {
        self.department_index[code]
    }

    /// The city: the district without a parent.
    pub fn city(&self) -> usize {
        self.districts
            .iter()
            .position(|d| d.parent_id.is_none())
            .unwrap_or(0)
    }

    /// The counties, in data order.
    pub fn counties(&self) -> Vec<usize> {
        (0..self.districts.len())
            .filter(|&i| self.districts[i].parent_id.is_some())
            .collect()
    }

    /// The department that receives a district's inquiries.
    pub fn desk(&self, district: usize) -> usize {
        self.department(&self.data.districts[district].desk)
    }

    /// The department that handles a topic of `handler` (a code or the desk) in a district.
    pub fn handler(&self, handler: &str, district: usize) -> usize {
        if handler == DESK {
            self.desk(district)
        } else {
            self.department(handler)
        }
    }

    pub fn kind(&self, dept: usize) -> DepartmentKind {
        self.departments[dept].kind
    }

    /// Indices of the active officers of a department with the given role.
    pub fn staff(&self, dept: usize, role: Option<Role>) -> Vec<usize> {
        let id = self.departments[dept].id;
        self.officers
            .iter()
            .enumerate()
            .filter(|(_, o)| o.department_id == id && o.active && role.is_none_or(|r| o.role == r))
            .map(|(i, _)| i)
            .collect()
    }

    /// Officers who work inquiries in a department (role OFFICER, or anyone active there).
    pub fn handlers(&self, dept: usize) -> Vec<usize> {
        let officers = self.staff(dept, Some(Role::Officer));
        if officers.is_empty() {
            self.staff(dept, None)
        } else {
            officers
        }
    }

    /// The supervisor who routes an inquiry of a district: its desk's, else the administrator.
    pub fn supervisor_for(&self, district: usize) -> usize {
        self.staff(self.desk(district), Some(Role::Supervisor))
            .first()
            .copied()
            .unwrap_or_else(|| self.admin())
    }

    /// Who routes an inquiry first sent to `dept`: a county bureau's own supervisor,
    /// for any city department the city desk's.
    pub fn router_of(&self, dept: usize, district: usize) -> usize {
        if self.kind(dept) == DepartmentKind::DistrictBureau {
            self.supervisor_for(district)
        } else {
            self.supervisor_for(self.city())
        }
    }

    /// The administrator (head of public relations, spokesperson).
    pub fn admin(&self) -> usize {
        self.officers
            .iter()
            .position(|o| o.role == Role::Admin)
            .unwrap_or(0)
    }

    /// The spokesperson who is not the administrator: signs corrections.
    pub fn spokesperson(&self) -> usize {
        self.officers
            .iter()
            .position(|o| o.spokesperson && o.role != Role::Admin)
            .unwrap_or_else(|| self.admin())
    }
}
