//! Minting development and operations tokens (`wenzheng token`, `serve --demo`, tests).
//! The server itself only verifies tokens.

use entity::{Role, department, officer};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{Claims, KeySet};
use crate::domain::districts::DistrictDirectory;

/// What to put in a token.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub role: Role,
    /// District codes, or `["*"]`; empty means "the officer's own district" for staff.
    pub districts: Vec<String>,
    pub department: Option<Uuid>,
    pub sub: Option<String>,
    pub partner: Option<String>,
    pub ttl_seconds: u64,
}

/// A signed token and, for staff, the officer it speaks for.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub claims: Claims,
    pub officer: Option<officer::Model>,
}

/// Signs a token; for a staff role without `sub`, picks an active officer that fits.
pub async fn issue(
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    keys: &KeySet,
    req: TokenRequest,
) -> anyhow::Result<IssuedToken> {
    if let Some(max) = keys.max_ttl_secs()
        && req.ttl_seconds > max
    {
        anyhow::bail!(
            "a lifetime of {} seconds is longer than MAX_TOKEN_TTL_SECS ({max}): the server would refuse the token",
            req.ttl_seconds
        );
    }
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    let mut districts = req.districts.clone();
    let (sub, officer) = match req.role {
        Role::Citizen => (
            req.sub.clone().unwrap_or_else(|| "app-user-001".into()),
            None,
        ),
        Role::Partner => {
            if req.partner.is_none() {
                anyhow::bail!("a PARTNER token needs --partner");
            }
            if districts.is_empty() {
                districts.push("*".into());
            }
            (
                req.sub.clone().unwrap_or_else(|| {
                    format!("{}-integration", req.partner.clone().unwrap_or_default())
                }),
                None,
            )
        }
        Role::Officer | Role::Supervisor | Role::Admin => {
            let officer = match &req.sub {
                Some(badge) => officer::Entity::find()
                    .filter(officer::Column::BadgeNumber.eq(badge.as_str()))
                    .one(db)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no officer with badge {badge}"))?,
                None => pick_officer(db, directory, &req).await?,
            };
            if districts.is_empty() {
                let dept = department::Entity::find_by_id(officer.department_id)
                    .one(db)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("officer without department"))?;
                let code = directory
                    .get(dept.district_id)
                    .map(|d| d.code.clone())
                    .unwrap_or_default();
                districts.push(if req.role == Role::Admin {
                    "*".into()
                } else {
                    code
                });
            }
            (officer.badge_number.clone(), Some(officer))
        }
    };
    let claims = Claims {
        sub,
        role: req.role,
        districts,
        partner: req.partner.clone(),
        iss: keys.issuer().to_owned(),
        aud: keys.audience().into(),
        exp: now + req.ttl_seconds,
        iat: Some(now),
    };
    Ok(IssuedToken {
        token: keys.sign(&claims)?,
        claims,
        officer,
    })
}

/// An active officer whose record allows `req.role` and whose jurisdiction fits the requested
/// districts (the server bounds a staff token by it): a department sitting
/// exactly in one of the requested districts; for `*` (and an ADMIN token without districts,
/// which asks for `*`) a department of the city itself. With `department` and no district
/// codes, any officer of that department.
/// Deterministic: lowest badge first.
async fn pick_officer(
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    req: &TokenRequest,
) -> anyhow::Result<officer::Model> {
    let mut q = officer::Entity::find()
        .filter(officer::Column::Active.eq(true))
        .filter(officer::Column::Role.eq(req.role))
        .order_by_asc(officer::Column::BadgeNumber);
    if let Some(dept) = req.department {
        q = q.filter(officer::Column::DepartmentId.eq(dept));
    }
    let candidates = q.all(db).await?;
    let whole_city = req.department.is_none()
        && (req.districts.iter().any(|d| d == "*")
            || (req.districts.is_empty() && req.role == Role::Admin));
    let wanted: Option<Vec<Uuid>> = if whole_city {
        Some(
            directory
                .all()
                .filter(|d| d.parent_id.is_none())
                .map(|d| d.id)
                .collect(),
        )
    } else if req.districts.is_empty() {
        None
    } else {
        // The officer's department must sit exactly in one of the requested districts.
        Some(
            req.districts
                .iter()
                .map(|c| {
                    directory
                        .by_code(c)
                        .map(|d| d.id)
                        .ok_or_else(|| anyhow::anyhow!("unknown district {c}"))
                })
                .collect::<anyhow::Result<_>>()?,
        )
    };
    let departments: Vec<department::Model> = department::Entity::find().all(db).await?;
    candidates
        .into_iter()
        .find(|o| match &wanted {
            None => true,
            Some(ids) => departments
                .iter()
                .any(|d| d.id == o.department_id && ids.contains(&d.district_id)),
        })
        .ok_or_else(|| {
            anyhow::anyhow!(
                "no active {} officer fits; pass --sub BADGE",
                req.role.as_str()
            )
        })
}
