//! Who is calling: resolved once per request from a verified token.

use entity::{Role, department, officer};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Claims, OfficerCache, officer_cache::StaffRecord};
use crate::domain::districts::DistrictDirectory;
use crate::error::AppError;

/// The districts a token may see, resolved to ids (a code covers its sub-districts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DistrictScope {
    All,
    Only(Vec<Uuid>),
}

impl DistrictScope {
    pub fn contains(&self, district_id: Uuid) -> bool {
        match self {
            Self::All => true,
            Self::Only(ids) => ids.contains(&district_id),
        }
    }

    /// The districts in both scopes (a token's districts within an officer's jurisdiction).
    pub fn intersect(&self, other: &Self) -> Self {
        match (self, other) {
            (Self::All, x) | (x, Self::All) => x.clone(),
            (Self::Only(a), Self::Only(b)) => {
                Self::Only(a.iter().copied().filter(|id| b.contains(id)).collect())
            }
        }
    }
}

/// A staff member, as the officer record says now (not as the token said when issued).
/// `districts` are the token's districts within the officer's jurisdiction:
/// a token narrows an officer's reach, never widens it.
#[derive(Debug, Clone)]
pub struct StaffPrincipal {
    pub officer_id: Uuid,
    pub badge_number: String,
    /// The role the token asks for; never above the officer record's role.
    pub role: Role,
    pub department_id: Uuid,
    pub districts: DistrictScope,
    pub expert: bool,
    pub spokesperson: bool,
}

#[cfg(test)]
impl StaffPrincipal {
    /// A member of staff for unit tests: a fresh officer and department, every district,
    /// neither expert nor spokesperson. Tests change what they check with `..sample(role)`.
    pub(crate) fn sample(role: Role) -> Self {
        Self {
            officer_id: Uuid::now_v7(),
            badge_number: "040101".into(),
            role,
            department_id: Uuid::now_v7(),
            districts: DistrictScope::All,
            expert: false,
            spokesperson: false,
        }
    }
}

/// The caller of a request.
#[derive(Debug, Clone)]
pub enum Principal {
    Anonymous,
    Citizen {
        subject: String,
    },
    Partner {
        subject: String,
        partner: String,
        districts: DistrictScope,
    },
    Staff(StaffPrincipal),
}

impl Principal {
    pub fn role(&self) -> Option<Role> {
        match self {
            Self::Anonymous => None,
            Self::Citizen { .. } => Some(Role::Citizen),
            Self::Partner { .. } => Some(Role::Partner),
            Self::Staff(s) => Some(s.role),
        }
    }

    pub fn staff(&self) -> Option<&StaffPrincipal> {
        match self {
            Self::Staff(s) => Some(s),
            _ => None,
        }
    }

    /// A stable label for audit rows and idempotency scopes.
    pub fn subject_label(&self) -> String {
        match self {
            Self::Anonymous => "anonymous".to_owned(),
            Self::Citizen { subject } => format!("citizen:{subject}"),
            Self::Partner { partner, .. } => format!("partner:{partner}"),
            Self::Staff(s) => format!("officer:{}", s.badge_number),
        }
    }

    /// Turns verified claims into a principal. Staff tokens are checked against the
    /// officer record, so a suspension or a transfer takes effect at once.
    pub async fn resolve(
        claims: &Claims,
        db: &impl ConnectionTrait,
        directory: &DistrictDirectory,
    ) -> Result<Self, AppError> {
        Self::resolve_cached(claims, db, directory, None).await
    }

    /// As [`Principal::resolve`], reading officer records through `officers` (see
    /// [`OfficerCache`] for when a change reaches it).
    pub async fn resolve_cached(
        claims: &Claims,
        db: &impl ConnectionTrait,
        directory: &DistrictDirectory,
        officers: Option<&OfficerCache>,
    ) -> Result<Self, AppError> {
        match claims.role {
            Role::Citizen => Ok(Self::Citizen {
                subject: claims.sub.clone(),
            }),
            Role::Partner => {
                let partner = claims
                    .partner
                    .clone()
                    .filter(|p| !p.trim().is_empty())
                    .ok_or_else(|| {
                        AppError::Unauthenticated("invalid token: partner claim required".into())
                    })?;
                Ok(Self::Partner {
                    subject: claims.sub.clone(),
                    partner,
                    districts: token_scope(&claims.districts, directory)?,
                })
            }
            Role::Officer | Role::Supervisor | Role::Admin => {
                let record = staff_record(&claims.sub, db, officers)
                    .await?
                    .filter(|r| r.officer.active)
                    .ok_or_else(|| {
                        AppError::Unauthenticated(
                            "invalid token: unknown or inactive officer".into(),
                        )
                    })?;
                let officer = record.officer;
                if rank(claims.role) > rank(officer.role) {
                    return Err(AppError::Unauthenticated(
                        "invalid token: role exceeds the officer's".into(),
                    ));
                }
                let districts = token_scope(&claims.districts, directory)?
                    .intersect(&jurisdiction(record.department_district_id, directory));
                Ok(Self::Staff(StaffPrincipal {
                    officer_id: officer.id,
                    badge_number: officer.badge_number,
                    role: claims.role,
                    department_id: officer.department_id,
                    districts,
                    expert: officer.expert,
                    spokesperson: officer.spokesperson,
                }))
            }
        }
    }
}

/// The districts a token names: `*` is all; a code covers its sub-districts; an unknown
/// code refuses the token.
fn token_scope(codes: &[String], directory: &DistrictDirectory) -> Result<DistrictScope, AppError> {
    if codes.iter().any(|d| d == "*") {
        return Ok(DistrictScope::All);
    }
    let ids = directory
        .expand_codes("districts", codes)
        .map_err(|e| AppError::Unauthenticated(format!("invalid token: {e}")))?;
    Ok(DistrictScope::Only(ids))
}

/// Where an officer's record lets them reach: their department's district and the
/// districts below it; a department of the city itself (the top of the tree) reaches the
/// whole city.
pub fn jurisdiction(department_district_id: Uuid, directory: &DistrictDirectory) -> DistrictScope {
    match directory.get(department_district_id) {
        Some(d) if d.parent_id.is_none() => DistrictScope::All,
        Some(_) => DistrictScope::Only(directory.subtree(department_district_id)),
        // A district the directory does not know (it is loaded at start): nothing.
        None => DistrictScope::Only(Vec::new()),
    }
}

/// The officer record of `badge` and its department's district, from the cache when it
/// holds a recent one (one statement otherwise).
async fn staff_record(
    badge: &str,
    db: &impl ConnectionTrait,
    cache: Option<&OfficerCache>,
) -> Result<Option<StaffRecord>, AppError> {
    let ticket = match cache.map(|c| c.get(badge)) {
        Some(Ok(record)) => return Ok(Some(record)),
        Some(Err(ticket)) => Some(ticket),
        None => None,
    };
    let found = officer::Entity::find()
        .filter(officer::Column::BadgeNumber.eq(badge))
        .find_also_related(department::Entity)
        .one(db)
        .await?
        .and_then(|(officer, department)| {
            department.map(|d| StaffRecord {
                officer,
                department_district_id: d.district_id,
            })
        });
    if let (Some(cache), Some(ticket), Some(record)) = (cache, ticket, &found) {
        cache.put(ticket, record);
    }
    Ok(found)
}

/// Staff roles in order of authority.
pub fn rank(role: Role) -> u8 {
    match role {
        Role::Citizen | Role::Partner => 0,
        Role::Officer => 1,
        Role::Supervisor => 2,
        Role::Admin => 3,
    }
}

#[cfg(test)]
mod tests {
    use entity::district;

    use super::*;

    /// The city (441200) over Duanzhou (441202) and Gaoyao (441204).
    fn city() -> (DistrictDirectory, [Uuid; 3]) {
        let now = chrono::Utc::now();
        let ids = [Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7()];
        let row = |i: usize, code: &str, parent: Option<Uuid>| district::Model {
            id: ids[i],
            code: code.into(),
            name: code.into(),
            parent_id: parent,
            created_at: now,
            updated_at: now,
        };
        let rows = vec![
            row(0, "441200", None),
            row(1, "441202", Some(ids[0])),
            row(2, "441204", Some(ids[0])),
        ];
        (DistrictDirectory::from_rows(rows), ids)
    }

    #[test]
    fn a_city_level_department_reaches_the_city_and_a_bureau_its_county() {
        let (directory, [city, duanzhou, _]) = city();
        assert_eq!(jurisdiction(city, &directory), DistrictScope::All);
        assert_eq!(
            jurisdiction(duanzhou, &directory),
            DistrictScope::Only(vec![duanzhou])
        );
        assert_eq!(
            jurisdiction(Uuid::now_v7(), &directory),
            DistrictScope::Only(vec![])
        );
    }

    #[test]
    fn a_token_narrows_the_jurisdiction_and_never_widens_it() {
        let (directory, [_, duanzhou, gaoyao]) = city();
        let bureau = jurisdiction(duanzhou, &directory);
        let token = |codes: &[&str]| {
            let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
            token_scope(&codes, &directory).unwrap()
        };
        assert_eq!(
            token(&["*"]).intersect(&bureau),
            DistrictScope::Only(vec![duanzhou])
        );
        assert_eq!(
            token(&["441200"]).intersect(&bureau),
            DistrictScope::Only(vec![duanzhou])
        );
        assert_eq!(
            token(&["441204"]).intersect(&bureau),
            DistrictScope::Only(vec![])
        );
        assert_eq!(
            token(&["441204"]).intersect(&DistrictScope::All),
            DistrictScope::Only(vec![gaoyao])
        );
        assert_eq!(
            token(&["*"]).intersect(&DistrictScope::All),
            DistrictScope::All
        );
        assert!(token_scope(&["999999".to_string()], &directory).is_err());
    }
}
