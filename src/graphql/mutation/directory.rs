//! Directory administration: `createDepartment`, `updateDepartment`, `createOfficer`,
//! `updateOfficer`. Administrators only; every change is audited (`directoryChanges`).

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::{
    graphql::{
        context::ContextExt,
        types::{
            directory::{Department, Officer},
            enums::{DepartmentKind, StaffRole},
            ids::GlobalId,
            inquiry::Inquiry,
        },
    },
    service::directory_admin::{
        departments::{self, DepartmentUpdate, NewDepartment},
        officers::{self, NewOfficer, OfficerUpdate},
    },
};

#[derive(InputObject)]
pub struct CreateDepartmentInput {
    /// 2..50 characters, unique within the district.
    pub name: String,
    pub kind: DepartmentKind,
    pub district_code: String,
}

#[derive(SimpleObject)]
pub struct CreateDepartmentPayload {
    pub department: Department,
}

/// Omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateDepartmentInput {
    pub id: ID,
    pub name: Option<String>,
    /// Moves the department to another district.
    pub district_code: Option<String>,
    /// false deactivates: no new assignments, transfers or officers.
    pub active: Option<bool>,
}

#[derive(SimpleObject)]
pub struct UpdateDepartmentPayload {
    pub department: Department,
    /// While the department is inactive: its open inquiries (not RESOLVED, CLOSED,
    /// REJECTED or MERGED), oldest first, to assign elsewhere. Empty while active.
    pub inquiries_to_reassign: Vec<Inquiry>,
}

#[derive(InputObject)]
pub struct CreateOfficerInput {
    /// 2..20 characters; shown to staff only.
    pub real_name: String,
    /// Six digits, unique (never reused).
    pub badge_number: String,
    /// 2..30 characters; the name citizens see on replies.
    pub duty_name: String,
    /// An active department.
    pub department_id: ID,
    pub role: StaffRole,
    #[graphql(default)]
    pub expert: bool,
    /// Required for experts; ignored otherwise.
    pub specialty: Option<String>,
    #[graphql(default)]
    pub spokesperson: bool,
}

/// Omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateOfficerInput {
    pub id: ID,
    /// Moves the officer to another (active) department, effective on their next request.
    pub department_id: Option<ID>,
    pub duty_name: Option<String>,
    pub role: Option<StaffRole>,
    /// false also clears the specialty.
    pub expert: Option<bool>,
    pub specialty: Option<String>,
    pub spokesperson: Option<bool>,
    /// false deactivates: the officer's tokens are refused from the next request on.
    pub active: Option<bool>,
}

#[derive(SimpleObject)]
pub struct OfficerPayload {
    pub officer: Officer,
}

#[derive(Default)]
pub struct DirectoryMutation;

#[Object]
impl DirectoryMutation {
    /// Adds a department. Administrators only.
    async fn create_department(
        &self,
        ctx: &Context<'_>,
        input: CreateDepartmentInput,
    ) -> Result<CreateDepartmentPayload> {
        let app = ctx.app();
        let request = NewDepartment {
            name: input.name,
            kind: input.kind.into(),
            district_code: input.district_code,
        };
        let stored = departments::create(&app.db, ctx.principal(), &app.directory, request).await?;
        Ok(CreateDepartmentPayload {
            department: Department(stored),
        })
    }

    /// Renames, moves, deactivates or reactivates a department. Administrators only.
    async fn update_department(
        &self,
        ctx: &Context<'_>,
        input: UpdateDepartmentInput,
    ) -> Result<UpdateDepartmentPayload> {
        let app = ctx.app();
        let request = DepartmentUpdate {
            id: GlobalId::<Department>::parse(&input.id, "id")?,
            name: input.name,
            district_code: input.district_code,
            active: input.active,
        };
        let out = departments::update(&app.db, ctx.principal(), &app.directory, request).await?;
        app.officers.invalidate();
        Ok(UpdateDepartmentPayload {
            department: Department(out.department),
            inquiries_to_reassign: out.inquiries_to_reassign.into_iter().map(Inquiry).collect(),
        })
    }

    /// Adds an officer, who can be issued a token at once. Administrators only.
    async fn create_officer(
        &self,
        ctx: &Context<'_>,
        input: CreateOfficerInput,
    ) -> Result<OfficerPayload> {
        let request = NewOfficer {
            real_name: input.real_name,
            badge_number: input.badge_number,
            duty_name: input.duty_name,
            department_id: GlobalId::<Department>::parse(&input.department_id, "departmentId")?,
            role: input.role.into(),
            expert: input.expert,
            specialty: input.specialty,
            spokesperson: input.spokesperson,
        };
        let stored = officers::create(&ctx.app().db, ctx.principal(), request).await?;
        Ok(OfficerPayload {
            officer: Officer(stored),
        })
    }

    /// Moves an officer, changes their duty name, role or flags, deactivates or
    /// reactivates them. Administrators only; not their own `active` or admin role.
    async fn update_officer(
        &self,
        ctx: &Context<'_>,
        input: UpdateOfficerInput,
    ) -> Result<OfficerPayload> {
        let request = OfficerUpdate {
            id: GlobalId::<Officer>::parse(&input.id, "id")?,
            department_id: input
                .department_id
                .map(|d| GlobalId::<Department>::parse(&d, "departmentId"))
                .transpose()?,
            duty_name: input.duty_name,
            role: input.role.map(Into::into),
            expert: input.expert,
            specialty: input.specialty,
            spokesperson: input.spokesperson,
            active: input.active,
        };
        let stored = officers::update(&ctx.app().db, ctx.principal(), request).await?;
        // The next request of this officer's token must see the change.
        ctx.app().officers.invalidate();
        Ok(OfficerPayload {
            officer: Officer(stored),
        })
    }
}
