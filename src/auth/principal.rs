//! Who is calling: resolved once per request from a verified token.

use entity::{Role, officer};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Claims, OfficerCache};
use crate::{error::AppError, service::districts::DistrictDirectory};

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
}

/// A staff member, as the officer record says now (not as the token said when issued).
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
        let scope = || -> Result<DistrictScope, AppError> {
            if claims.districts.iter().any(|d| d == "*") {
                return Ok(DistrictScope::All);
            }
            let ids = directory.expand_codes(&claims.districts).map_err(|code| {
                AppError::Unauthenticated(format!("invalid token: unknown district {code}"))
            })?;
            Ok(DistrictScope::Only(ids))
        };
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
                    districts: scope()?,
                })
            }
            Role::Officer | Role::Supervisor | Role::Admin => {
                let officer = officer_record(&claims.sub, db, officers)
                    .await?
                    .filter(|o| o.active)
                    .ok_or_else(|| {
                        AppError::Unauthenticated(
                            "invalid token: unknown or inactive officer".into(),
                        )
                    })?;
                if rank(claims.role) > rank(officer.role) {
                    return Err(AppError::Unauthenticated(
                        "invalid token: role exceeds the officer's".into(),
                    ));
                }
                let districts = if claims.role == Role::Admin {
                    DistrictScope::All
                } else {
                    scope()?
                };
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

/// The officer record of `badge`, from the cache when it holds a recent one.
async fn officer_record(
    badge: &str,
    db: &impl ConnectionTrait,
    cache: Option<&OfficerCache>,
) -> Result<Option<officer::Model>, AppError> {
    let ticket = match cache.map(|c| c.get(badge)) {
        Some(Ok(record)) => return Ok(Some(record)),
        Some(Err(ticket)) => Some(ticket),
        None => None,
    };
    let found = officer::Entity::find()
        .filter(officer::Column::BadgeNumber.eq(badge))
        .one(db)
        .await?;
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
