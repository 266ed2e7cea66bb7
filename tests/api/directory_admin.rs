//! Directory administration: departments and officers created and changed by
//! administrators, the effect on assignment and on tokens at once, and the audit trail.

use entity::{DepartmentKind, Role};
use futures::future::join_all;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use wenzheng::auth::issue::TokenRequest;

use crate::{
    both_backends,
    helpers::{TestApp, error_code, gid, refused_code, uuid_of},
};

const CREATE_DEPARTMENT: &str = r#"
mutation($input: CreateDepartmentInput!) {
  createDepartment(input: $input) { department { id name kind active district { code } } }
}"#;

const UPDATE_DEPARTMENT: &str = r#"
mutation($input: UpdateDepartmentInput!) {
  updateDepartment(input: $input) {
    department { id name active district { code } }
    inquiriesToReassign { id status }
  }
}"#;

const CREATE_OFFICER: &str = r#"
mutation($input: CreateOfficerInput!) {
  createOfficer(input: $input) {
    officer { id realName badgeNumber dutyName role expert specialty spokesperson active department { name } }
  }
}"#;

const UPDATE_OFFICER: &str = r#"
mutation($input: UpdateOfficerInput!) {
  updateOfficer(input: $input) {
    officer { id dutyName role expert specialty active department { name } }
  }
}"#;

const ASSIGN: &str = r#"
mutation($input: AssignInquiryInput!) {
  assignInquiry(input: $input) { inquiry { id status version department { name } } }
}"#;

const TRANSFER: &str = r#"
mutation($input: TransferInquiryInput!) {
  transferInquiry(input: $input) { inquiry { id } }
}"#;

const START: &str = r#"
mutation($input: InquiryVersionInput!) {
  startWork(input: $input) { inquiry { id status officer { dutyName } } }
}"#;

const CHANGES: &str = r#"
query($first: Int!, $after: String, $subject: ID) {
  directoryChanges(first: $first, after: $after, subjectId: $subject) {
    edges { cursor node { subjectKind subjectId action changes at actor { dutyName realName } } }
    pageInfo { hasNextPage endCursor }
  }
}"#;

async fn admin(app: &TestApp) -> String {
    app.token(Role::Admin, &["*"]).await
}

/// Runs a mutation and returns its payload, panicking on errors.
async fn ok(app: &TestApp, token: &str, query: &str, name: &str, input: Value) -> Value {
    let body = app.gql(Some(token), query, json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{name}: {body}");
    body["data"][name].clone()
}

async fn new_department(app: &TestApp, token: &str, name: &str) -> String {
    let p = ok(
        app,
        token,
        CREATE_DEPARTMENT,
        "createDepartment",
        json!({ "name": name, "kind": "DIVISION", "districtCode": "441202" }),
    )
    .await;
    p["department"]["id"].as_str().unwrap().to_owned()
}

async fn version(app: &TestApp, id: &str) -> i32 {
    entity::inquiry::Entity::find_by_id(uuid_of(id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .version
}

async fn assign(app: &TestApp, token: &str, inquiry: &str, department: &str) -> Value {
    let v = version(app, inquiry).await;
    app.gql(
        Some(token),
        ASSIGN,
        json!({ "input": { "inquiryId": inquiry, "expectedVersion": v, "departmentId": department } }),
    )
    .await
}

async fn department_named(app: &TestApp, name: &str) -> entity::department::Model {
    entity::department::Entity::find()
        .filter(entity::department::Column::Name.eq(name))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

async fn staff_token(app: &TestApp, role: Role, badge: &str, districts: &[&str]) -> String {
    app.token_with(TokenRequest {
        role,
        districts: districts.iter().map(|d| d.to_string()).collect(),
        department: None,
        sub: Some(badge.to_owned()),
        partner: None,
        ttl_seconds: 600,
    })
    .await
}

/// An active OFFICER of the Duanzhou bureau.
async fn duanzhou_officer(app: &TestApp) -> entity::officer::Model {
    let bureau = app.bureau_of("441202").await;
    entity::officer::Entity::find()
        .filter(entity::officer::Column::DepartmentId.eq(bureau.id))
        .filter(entity::officer::Column::Role.eq(Role::Officer))
        .filter(entity::officer::Column::Active.eq(true))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

async fn outbox_count(app: &TestApp, event: &str) -> u64 {
    entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Event.eq(event))
        .count(&app.state.db)
        .await
        .unwrap()
}

both_backends!(
    an_admin_creates_a_department_and_an_officer_who_gets_a_token_and_works,
    |app: TestApp| async move {
        let admin = admin(&app).await;
        let p = ok(
            &app,
            &admin,
            CREATE_DEPARTMENT,
            "createDepartment",
            json!({ "name": " 城东派出所 ", "kind": "DIVISION", "districtCode": "441202" }),
        )
        .await;
        assert_eq!(
            p["department"],
            json!({ "id": p["department"]["id"], "name": "城东派出所", "kind": "DIVISION",
                    "active": true, "district": { "code": "441202" } })
        );
        let dept = p["department"]["id"].as_str().unwrap().to_owned();
        let stored = entity::department::Entity::find_by_id(uuid_of(&dept))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.kind, DepartmentKind::Division);

        let p = ok(
            &app,
            &admin,
            CREATE_OFFICER,
            "createOfficer",
            json!({ "realName": "林志强", "badgeNumber": "049901", "dutyName": "城东警官小林",
                    "departmentId": dept, "role": "OFFICER", "expert": true, "specialty": "社区警务" }),
        )
        .await;
        assert_eq!(
            p["officer"],
            json!({ "id": p["officer"]["id"], "realName": "林志强", "badgeNumber": "049901",
                    "dutyName": "城东警官小林", "role": "OFFICER", "expert": true,
                    "specialty": "社区警务", "spokesperson": false, "active": true,
                    "department": { "name": "城东派出所" } })
        );

        // The new officer can be given a token and work what is assigned to the department.
        let officer = staff_token(&app, Role::Officer, "049901", &["441202"]).await;
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let inquiry = app.submit(None, "441202", "新小区门口乱停车").await["inquiry"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let body = assign(&app, &supervisor, &inquiry, &dept).await;
        assert_eq!(
            body["data"]["assignInquiry"]["inquiry"]["department"]["name"], "城东派出所",
            "{body}"
        );
        let v = version(&app, &inquiry).await;
        let p = ok(
            &app,
            &officer,
            START,
            "startWork",
            json!({ "inquiryId": inquiry, "expectedVersion": v }),
        )
        .await;
        assert_eq!(p["inquiry"]["status"], "IN_PROGRESS");
        let body = app
            .gql(
                Some(&officer),
                "{ inquiries(first: 10) { totalCount } }",
                json!({}),
            )
            .await;
        assert_eq!(body["data"]["inquiries"]["totalCount"], 1, "{body}");
        assert_eq!(outbox_count(&app, "department.created").await, 1);
        assert_eq!(outbox_count(&app, "officer.created").await, 1);
    }
);

both_backends!(
    non_admins_cannot_change_the_directory_or_read_its_audit_trail,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let officer = app.token(Role::Officer, &["441202"]).await;
        let citizen = app.token(Role::Citizen, &[]).await;
        let bureau = app.bureau_of("441202").await;
        let some_officer = entity::officer::Entity::find()
            .filter(entity::officer::Column::DepartmentId.eq(bureau.id))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        for token in [
            Some(supervisor.as_str()),
            Some(officer.as_str()),
            Some(citizen.as_str()),
            None,
        ] {
            let body = app
                .gql(
                    token,
                    CREATE_DEPARTMENT,
                    json!({ "input": { "name": "城西派出所", "kind": "DIVISION", "districtCode": "441202" } }),
                )
                .await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
            let body = app
                .gql(
                    token,
                    UPDATE_OFFICER,
                    json!({ "input": { "id": gid("Officer", some_officer.id), "active": false } }),
                )
                .await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
            let body = app
                .gql(
                    token,
                    UPDATE_DEPARTMENT,
                    json!({ "input": { "id": gid("Department", bureau.id), "active": false } }),
                )
                .await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
            let body = app.gql(token, CHANGES, json!({ "first": 10 })).await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
        }
        let still = entity::officer::Entity::find_by_id(some_officer.id)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        assert!(still.active);
        assert_eq!(
            entity::directory_change::Entity::find()
                .count(&app.state.db)
                .await
                .unwrap(),
            0
        );
    }
);

both_backends!(
    a_duplicate_or_malformed_badge_number_is_refused_on_badge_number,
    |app: TestApp| async move {
        let admin = admin(&app).await;
        let bureau = app.bureau_of("441202").await;
        let taken = entity::officer::Entity::find()
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap()
            .badge_number;
        let input = |badge: &str, real_name: &str| {
            json!({ "input": { "realName": real_name, "badgeNumber": badge, "dutyName": "端州警官小周",
                "departmentId": gid("Department", bureau.id), "role": "OFFICER" } })
        };
        for (badge, name, field) in [
            (taken.as_str(), "周建国", "badgeNumber"),
            ("12AB56", "周建国", "badgeNumber"),
            ("1234567", "周建国", "badgeNumber"),
            ("049902", "  ", "realName"),
        ] {
            let body = app
                .gql(Some(&admin), CREATE_OFFICER, input(badge, name))
                .await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
        }
        // An expert needs a specialty.
        let body = app
            .gql(
                Some(&admin),
                CREATE_OFFICER,
                json!({ "input": { "realName": "周建国", "badgeNumber": "049902", "dutyName": "端州警官小周",
                    "departmentId": gid("Department", bureau.id), "role": "OFFICER", "expert": true } }),
            )
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["field"], "specialty",
            "{body}"
        );

        // Two administrators creating the same new badge at once: one wins, the other is told why.
        let results = join_all((0..4).map(|i| {
            let (app, admin) = (&app, &admin);
            async move {
                app.gql(
                    Some(admin),
                    CREATE_OFFICER,
                    input("049903", &format!("周建{}", ["国", "军", "华", "民"][i])),
                )
                .await
            }
        }))
        .await;
        let created = results.iter().filter(|b| b.get("errors").is_none()).count();
        assert_eq!(created, 1, "{results:?}");
        for b in results.iter().filter(|b| b.get("errors").is_some()) {
            assert_eq!(error_code(b), "BAD_USER_INPUT", "{b}");
            assert_eq!(b["errors"][0]["extensions"]["field"], "badgeNumber", "{b}");
        }
        let n = entity::officer::Entity::find()
            .filter(entity::officer::Column::BadgeNumber.eq("049903"))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(n, 1);
    }
);

both_backends!(
    a_deactivated_department_gets_no_new_work_and_lists_its_open_inquiries,
    |app: TestApp| async move {
        let admin = admin(&app).await;
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let dept = new_department(&app, &admin, "城东派出所").await;
        let bureau = gid("Department", app.bureau_of("441202").await.id);
        let mut ids = Vec::new();
        for subject in ["路灯不亮", "夜市噪音扰民", "广告牌遮挡视线"] {
            let id = app.submit(None, "441202", subject).await["inquiry"]["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let body = assign(&app, &supervisor, &id, &dept).await;
            assert!(body.get("errors").is_none(), "{body}");
            ids.push(id);
        }
        // A rejected one is finished: not listed for reassignment.
        let v = version(&app, &ids[2]).await;
        let body = app
            .gql(
                Some(&supervisor),
                "mutation($input: InquiryReasonInput!) { rejectInquiry(input: $input) { inquiry { status } } }",
                json!({ "input": { "inquiryId": ids[2], "expectedVersion": v, "reason": "不属于公安机关职责" } }),
            )
            .await;
        assert_eq!(
            body["data"]["rejectInquiry"]["inquiry"]["status"], "REJECTED",
            "{body}"
        );

        // A transfer offered to it before the deactivation.
        let offered = app.submit(None, "441202", "商铺占道经营").await["inquiry"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let body = assign(&app, &supervisor, &offered, &bureau).await;
        assert!(body.get("errors").is_none(), "{body}");
        let v = version(&app, &offered).await;
        let body = app
            .gql(
                Some(&supervisor),
                TRANSFER,
                json!({ "input": { "inquiryId": offered, "expectedVersion": v, "departmentId": dept, "reason": "属城东辖区" } }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");

        let p = ok(
            &app,
            &admin,
            UPDATE_DEPARTMENT,
            "updateDepartment",
            json!({ "id": dept, "active": false }),
        )
        .await;
        assert_eq!(p["department"]["active"], false);
        let v = version(&app, &offered).await;
        let body = app
            .gql(
                Some(&supervisor),
                "mutation($input: InquiryVersionInput!) { acceptTransfer(input: $input) { inquiry { id } } }",
                json!({ "input": { "inquiryId": offered, "expectedVersion": v } }),
            )
            .await;
        assert_eq!(error_code(&body), "INVALID_TRANSITION", "{body}");
        assert_eq!(
            p["inquiriesToReassign"],
            json!([{ "id": ids[0], "status": "ASSIGNED" }, { "id": ids[1], "status": "ASSIGNED" }])
        );

        // No new assignment, transfer or officer for it.
        let fresh = app.submit(None, "441202", "小区门禁损坏").await["inquiry"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let body = assign(&app, &supervisor, &fresh, &dept).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "departmentId");
        let body = assign(&app, &supervisor, &fresh, &bureau).await;
        assert!(body.get("errors").is_none(), "{body}");
        let v = version(&app, &fresh).await;
        let body = app
            .gql(
                Some(&supervisor),
                TRANSFER,
                json!({ "input": { "inquiryId": fresh, "expectedVersion": v, "departmentId": dept, "reason": "属城东辖区" } }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "departmentId");
        let body = app
            .gql(
                Some(&admin),
                CREATE_OFFICER,
                json!({ "input": { "realName": "周建国", "badgeNumber": "049902", "dutyName": "城东警官小周",
                    "departmentId": dept, "role": "OFFICER" } }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "departmentId");

        // Reassigning what it held works; the list shrinks.
        let body = assign(&app, &supervisor, &ids[0], &bureau).await;
        assert!(body.get("errors").is_none(), "{body}");
        let p = ok(
            &app,
            &admin,
            UPDATE_DEPARTMENT,
            "updateDepartment",
            json!({ "id": dept }),
        )
        .await;
        assert_eq!(
            p["inquiriesToReassign"],
            json!([{ "id": ids[1], "status": "ASSIGNED" }])
        );
        // Active departments list nothing; reactivation is audited as such.
        let p = ok(
            &app,
            &admin,
            UPDATE_DEPARTMENT,
            "updateDepartment",
            json!({ "id": dept, "active": true, "name": "城东派出所（新）" }),
        )
        .await;
        assert_eq!(p["inquiriesToReassign"], json!([]));
        assert_eq!(p["department"]["name"], "城东派出所（新）");
        let body = app
            .gql(
                Some(&admin),
                CHANGES,
                json!({ "first": 10, "subject": dept }),
            )
            .await;
        let actions: Vec<&str> = body["data"]["directoryChanges"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["REACTIVATED", "DEACTIVATED", "CREATED"], "{body}");
    }
);

both_backends!(
    a_deactivated_officers_token_is_refused_at_once,
    |app: TestApp| async move {
        let admin = admin(&app).await;
        let officer = duanzhou_officer(&app).await;
        let token = staff_token(&app, Role::Officer, &officer.badge_number, &["441202"]).await;
        let probe = "{ inquiries(first: 1) { totalCount } }";
        let (status, body) = app.gql_status(Some(&token), probe, json!({})).await;
        assert_eq!(status, 200, "{body}");

        ok(
            &app,
            &admin,
            UPDATE_OFFICER,
            "updateOfficer",
            json!({ "id": gid("Officer", officer.id), "active": false }),
        )
        .await;
        let (status, body) = app.gql_status(Some(&token), probe, json!({})).await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(error_code(&body), "UNAUTHENTICATED");

        ok(
            &app,
            &admin,
            UPDATE_OFFICER,
            "updateOfficer",
            json!({ "id": gid("Officer", officer.id), "active": true }),
        )
        .await;
        let (status, _) = app.gql_status(Some(&token), probe, json!({})).await;
        assert_eq!(status, 200);

        // An administrator cannot lock themself out.
        let me = entity::officer::Entity::find()
            .filter(entity::officer::Column::Role.eq(Role::Admin))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        for (input, field) in [
            (
                json!({ "id": gid("Officer", me.id), "active": false }),
                "active",
            ),
            (
                json!({ "id": gid("Officer", me.id), "role": "SUPERVISOR" }),
                "role",
            ),
        ] {
            let body = app
                .gql(Some(&admin), UPDATE_OFFICER, json!({ "input": input }))
                .await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
            assert_eq!(body["errors"][0]["extensions"]["field"], field);
        }
        let (status, _) = app.gql_status(Some(&admin), probe, json!({})).await;
        assert_eq!(status, 200);
    }
);

both_backends!(
    a_moved_officer_works_for_the_new_department_on_the_next_request,
    |app: TestApp| async move {
        let admin = admin(&app).await;
        let exit = department_named(&app, "出入境管理支队").await;
        let hukou = department_named(&app, "户政管理支队").await;
        let officer = entity::officer::Entity::find()
            .filter(entity::officer::Column::DepartmentId.eq(exit.id))
            .filter(entity::officer::Column::Role.eq(Role::Officer))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let token = staff_token(&app, Role::Officer, &officer.badge_number, &["441200"]).await;
        let passport = app.submit(None, "441202", "港澳通行证续签").await["inquiry"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let residence = app.submit(None, "441202", "户口迁入需要什么材料").await["inquiry"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        app.assign_in_db(uuid_of(&passport), exit.id, None).await;
        app.assign_in_db(uuid_of(&residence), hukou.id, None).await;
        let visible = |token: String| {
            let app = &app;
            let (passport, residence) = (passport.clone(), residence.clone());
            async move {
                let q = "query($a: ID!, $b: ID!) { a: inquiry(id: $a) { id } b: inquiry(id: $b) { id } }";
                let body = app
                    .gql(Some(&token), q, json!({ "a": passport, "b": residence }))
                    .await;
                assert!(body.get("errors").is_none(), "{body}");
                (!body["data"]["a"].is_null(), !body["data"]["b"].is_null())
            }
        };
        assert_eq!(visible(token.clone()).await, (true, false));

        let p = ok(
            &app,
            &admin,
            UPDATE_OFFICER,
            "updateOfficer",
            json!({ "id": gid("Officer", officer.id), "departmentId": gid("Department", hukou.id),
                    "dutyName": "户政小新" }),
        )
        .await;
        assert_eq!(p["officer"]["department"]["name"], "户政管理支队");
        assert_eq!(p["officer"]["dutyName"], "户政小新");
        // Same token, next request: the new department's inquiry, not the old one's.
        assert_eq!(visible(token).await, (false, true));
    }
);

both_backends!(
    every_directory_change_is_recorded_with_who_made_it,
    |app: TestApp| async move {
        let admin = admin(&app).await;
        let dept = new_department(&app, &admin, "城东派出所").await;
        let p = ok(
            &app,
            &admin,
            CREATE_OFFICER,
            "createOfficer",
            json!({ "realName": "林志强", "badgeNumber": "049901", "dutyName": "城东警官小林",
                    "departmentId": dept, "role": "OFFICER" }),
        )
        .await;
        let officer = p["officer"]["id"].as_str().unwrap().to_owned();
        let p = ok(
            &app,
            &admin,
            UPDATE_OFFICER,
            "updateOfficer",
            json!({ "id": officer, "role": "SUPERVISOR", "expert": true, "specialty": "社区警务",
                    "dutyName": "城东值班长老林" }),
        )
        .await;
        assert_eq!(
            p["officer"],
            json!({ "id": officer, "dutyName": "城东值班长老林", "role": "SUPERVISOR", "expert": true,
                    "specialty": "社区警务", "active": true, "department": { "name": "城东派出所" } })
        );
        // Nothing changed: nothing recorded.
        ok(
            &app,
            &admin,
            UPDATE_OFFICER,
            "updateOfficer",
            json!({ "id": officer, "role": "SUPERVISOR" }),
        )
        .await;

        let body = app
            .gql(
                Some(&admin),
                CHANGES,
                json!({ "first": 1, "subject": officer }),
            )
            .await;
        let page = &body["data"]["directoryChanges"];
        let node = &page["edges"][0]["node"];
        assert_eq!(node["subjectKind"], "OFFICER", "{body}");
        assert_eq!(node["subjectId"], officer.as_str());
        assert_eq!(node["action"], "UPDATED");
        assert_eq!(
            node["changes"],
            json!({
                "dutyName": { "from": "城东警官小林", "to": "城东值班长老林" },
                "role": { "from": "OFFICER", "to": "SUPERVISOR" },
                "expert": { "from": false, "to": true },
                "specialty": { "from": null, "to": "社区警务" },
            })
        );
        assert_eq!(
            node["actor"],
            json!({ "dutyName": "平安肇庆发言人老梁", "realName": "梁志明" })
        );
        assert_eq!(page["pageInfo"]["hasNextPage"], true);
        let after = page["pageInfo"]["endCursor"].as_str().unwrap();
        let body = app
            .gql(
                Some(&admin),
                CHANGES,
                json!({ "first": 5, "after": after, "subject": officer }),
            )
            .await;
        let page = &body["data"]["directoryChanges"];
        assert_eq!(page["edges"].as_array().unwrap().len(), 1, "{body}");
        let created = &page["edges"][0]["node"];
        assert_eq!(created["action"], "CREATED");
        assert_eq!(
            created["changes"]["badgeNumber"],
            json!({ "from": null, "to": "049901" })
        );
        assert_eq!(page["pageInfo"]["hasNextPage"], false);

        // The whole trail: three changes, newest first; one outbox row each.
        let body = app.gql(Some(&admin), CHANGES, json!({ "first": 10 })).await;
        let kinds: Vec<(&str, &str)> = body["data"]["directoryChanges"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["node"]["subjectKind"].as_str().unwrap(),
                    e["node"]["action"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("OFFICER", "UPDATED"),
                ("OFFICER", "CREATED"),
                ("DEPARTMENT", "CREATED")
            ]
        );
        assert_eq!(outbox_count(&app, "officer.updated").await, 1);
        let body = app
            .gql(
                Some(&admin),
                CHANGES,
                json!({ "first": 10, "subject": "bm90LWFuLWlk" }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
    }
);

both_backends!(
    a_deactivation_on_one_server_process_reaches_the_officer_cache_of_another,
    |app: TestApp| async move {
        let other = crate::helpers::spawn_app_on(&app).await;
        let admin = admin(&app).await;
        let officer = duanzhou_officer(&app).await;
        let token = staff_token(&app, Role::Officer, &officer.badge_number, &["441202"]).await;
        let probe = "{ __typename }";
        // The other process now holds the officer's record in its cache.
        let (status, body) = other.gql_status(Some(&token), probe, json!({})).await;
        assert_eq!(status, 200, "{body}");
        let before = other.state.statements.get();
        let (status, _) = other.gql_status(Some(&token), probe, json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(
            other.state.statements.get() - before,
            0,
            "the record came from the cache"
        );

        ok(
            &app,
            &admin,
            UPDATE_OFFICER,
            "updateOfficer",
            json!({ "id": gid("Officer", officer.id), "active": false }),
        )
        .await;
        // The outbox event empties the other process's cache: refused well within the relay's
        // safety poll, and with no request to this process waking it.
        let refused_at = std::time::Instant::now();
        loop {
            let (status, body) = other.gql_status(Some(&token), probe, json!({})).await;
            if status == 401 {
                assert_eq!(error_code(&body), "UNAUTHENTICATED");
                break;
            }
            assert!(
                refused_at.elapsed() < std::time::Duration::from_secs(5),
                "still accepted"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
);
