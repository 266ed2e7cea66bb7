//! Routing integrity: an inquiry changes district only through a transfer that the
//! receiving side accepts, never by an assignment, and the move is named in its timeline.

use chrono::{Duration, Utc};
use entity::{DepartmentKind, InquiryStatus, Role, department, officer};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;
use wenzheng::auth::issue::TokenRequest;

use crate::{
    both_backends,
    helpers::{TestApp, error_code, gid, uuid_of},
};

const DUANZHOU: &str = "441202";
const DINGHU: &str = "441203";
const GAOYAO: &str = "441204";

const INQUIRY: &str = "id status version dueAt district { code } department { name } \
    officer { dutyName } pendingTransferDepartment { name } pendingTransferDistrict { code }";

/// Runs a routing mutation; returns the whole response body.
async fn try_route(app: &TestApp, token: &str, mutation: &str, input: Value) -> Value {
    let ty = match mutation {
        "assignInquiry" => "AssignInquiryInput",
        "transferInquiry" => "TransferInquiryInput",
        "acceptTransfer" => "InquiryVersionInput",
        "returnTransfer" => "InquiryReasonInput",
        other => panic!("not a routing mutation: {other}"),
    };
    let q = format!(
        "mutation($input: {ty}!) {{ {mutation}(input: $input) {{ inquiry {{ {INQUIRY} }} }} }}"
    );
    app.gql(Some(token), &q, json!({ "input": input })).await
}

/// Runs a routing mutation that must succeed; returns the inquiry after it.
async fn route(app: &TestApp, token: &str, mutation: &str, input: Value) -> Value {
    let body = try_route(app, token, mutation, input).await;
    assert!(body.get("errors").is_none(), "{mutation}: {body}");
    body["data"][mutation]["inquiry"].clone()
}

/// The inquiry as `token` sees it (null when out of its scope).
async fn seen_by(app: &TestApp, token: &str, id: &str) -> Value {
    let q = format!("query($id: ID!) {{ inquiry(id: $id) {{ {INQUIRY} }} }}");
    let body = app.gql(Some(token), &q, json!({ "id": id })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["inquiry"].clone()
}

/// The ids in `token`'s `inquiries` list.
async fn listed_for(app: &TestApp, token: &str) -> Vec<String> {
    let body = app
        .gql(
            Some(token),
            "{ inquiries(first: 100) { totalCount edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    let edges = body["data"]["inquiries"]["edges"].as_array().unwrap();
    assert_eq!(
        body["data"]["inquiries"]["totalCount"].as_u64().unwrap() as usize,
        edges.len()
    );
    edges
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The data of the inquiry's latest event of `kind`, read by an admin.
async fn event_data(app: &TestApp, id: &str, kind: &str) -> Value {
    let admin = app.token(Role::Admin, &[]).await;
    let body = app
        .gql(
            Some(&admin),
            "query($id: ID!) { inquiry(id: $id) { events { kind data } } }",
            json!({ "id": id }),
        )
        .await;
    body["data"]["inquiry"]["events"]
        .as_array()
        .unwrap_or_else(|| panic!("no events: {body}"))
        .iter()
        .rfind(|e| e["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} event: {body}"))["data"]
        .clone()
}

/// A token for an officer of `dept`, over `code`.
async fn officer_of(app: &TestApp, dept: Uuid, code: &str) -> String {
    app.token_with(TokenRequest {
        role: Role::Officer,
        districts: vec![code.to_owned()],
        department: Some(dept),
        sub: None,
        partner: None,
        ttl_seconds: 600,
    })
    .await
}

/// A city division (it serves every county).
async fn a_city_division(app: &TestApp) -> department::Model {
    department::Entity::find()
        .filter(department::Column::Kind.eq(DepartmentKind::Division))
        .filter(department::Column::Active.eq(true))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

/// A fresh inquiry of Duanzhou assigned by its supervisor to the Duanzhou bureau
/// (version 2); returns its global id and the supervisor's token.
async fn with_the_duanzhou_bureau(app: &TestApp, subject: &str) -> (String, String) {
    let supervisor = app.token(Role::Supervisor, &[DUANZHOU]).await;
    let bureau = app.bureau_of(DUANZHOU).await;
    let submitted = app.submit(None, DUANZHOU, subject).await;
    let id = submitted["inquiry"]["id"].as_str().unwrap().to_owned();
    route(
        app,
        &supervisor,
        "assignInquiry",
        json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) }),
    )
    .await;
    (id, supervisor)
}

both_backends!(
    a_duanzhou_supervisor_cannot_move_an_inquiry_to_gaoyao_without_gaoyao_accepting,
    |app: TestApp| async move {
        let gaoyao_bureau = app.bureau_of(GAOYAO).await;
        let duanzhou_bureau = app.bureau_of(DUANZHOU).await;
        let (id, duanzhou) = with_the_duanzhou_bureau(&app, "高要区南岸街道噪音扰民投诉").await;
        let gaoyao = app.token(Role::Supervisor, &[GAOYAO]).await;
        let admin = app.token(Role::Admin, &[]).await;
        assert!(
            seen_by(&app, &gaoyao, &id).await.is_null(),
            "Gaoyao has nothing to do with it yet"
        );

        // Assigning across districts is refused, for admins too: it is a transfer.
        for who in [&duanzhou, &admin] {
            let refused = try_route(
                &app,
                who,
                "assignInquiry",
                json!({ "inquiryId": id, "expectedVersion": 2, "departmentId": gid("Department", gaoyao_bureau.id) }),
            )
            .await;
            assert_eq!(error_code(&refused), "BAD_USER_INPUT", "{refused}");
            assert_eq!(refused["errors"][0]["extensions"]["field"], "departmentId");
            let message = refused["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains("transferInquiry"), "{message}");
        }
        let unchanged = seen_by(&app, &duanzhou, &id).await;
        assert_eq!(unchanged["version"], 2);
        assert_eq!(unchanged["district"]["code"], DUANZHOU);
        let due = unchanged["dueAt"].clone();

        // The transfer waits for Gaoyao; the inquiry stays in Duanzhou meanwhile.
        let pending = route(
            &app,
            &duanzhou,
            "transferInquiry",
            json!({ "inquiryId": id, "expectedVersion": 2, "departmentId": gid("Department", gaoyao_bureau.id), "reason": "事发地属高要区" }),
        )
        .await;
        assert_eq!(pending["district"]["code"], DUANZHOU);
        assert_eq!(pending["department"]["name"], duanzhou_bureau.name.as_str());
        assert_eq!(pending["pendingTransferDistrict"]["code"], GAOYAO);
        let requested = event_data(&app, &id, "TRANSFER_REQUESTED").await;
        assert_eq!(requested["fromDistrictCode"], DUANZHOU);
        assert_eq!(requested["toDistrictCode"], GAOYAO);

        // Gaoyao's supervisor sees the offer (masked, it is not Gaoyao's yet) and accepts it.
        let offered = seen_by(&app, &gaoyao, &id).await;
        assert_eq!(
            offered["pendingTransferDepartment"]["name"],
            gaoyao_bureau.name.as_str()
        );
        assert!(listed_for(&app, &gaoyao).await.contains(&id));
        let masked = app
            .gql(
                Some(&gaoyao),
                "query($id: ID!) { inquiry(id: $id) { citizenPhone } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(masked["data"]["inquiry"]["citizenPhone"], "138****5678");
        let accepted = route(
            &app,
            &gaoyao,
            "acceptTransfer",
            json!({ "inquiryId": id, "expectedVersion": 3 }),
        )
        .await;
        assert_eq!(accepted["status"], "ASSIGNED");
        assert_eq!(accepted["district"]["code"], GAOYAO);
        assert_eq!(accepted["department"]["name"], gaoyao_bureau.name.as_str());
        assert!(accepted["pendingTransferDistrict"].is_null());
        assert_eq!(accepted["dueAt"], due, "deadlines stay as they were");

        // The event names the move.
        let data = event_data(&app, &id, "TRANSFER_ACCEPTED").await;
        let directory = &app.state.directory;
        assert_eq!(data["fromDistrictCode"], DUANZHOU);
        assert_eq!(data["toDistrictCode"], GAOYAO);
        assert_eq!(
            data["fromDistrictId"],
            directory.by_code(DUANZHOU).unwrap().id.to_string()
        );
        assert_eq!(
            data["toDistrictId"],
            directory.by_code(GAOYAO).unwrap().id.to_string()
        );
        assert_eq!(data["fromDepartmentId"], duanzhou_bureau.id.to_string());
        assert_eq!(data["toDepartmentId"], gaoyao_bureau.id.to_string());

        // It is Gaoyao's now: Duanzhou's supervisor no longer sees it.
        assert!(seen_by(&app, &duanzhou, &id).await.is_null());
        assert!(!listed_for(&app, &duanzhou).await.contains(&id));
        let gaoyao_now = app
            .gql(
                Some(&gaoyao),
                "query($id: ID!) { inquiry(id: $id) { citizenPhone } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(gaoyao_now["data"]["inquiry"]["citizenPhone"], "13812345678");
    }
);

both_backends!(
    only_the_receiving_side_answers_a_transfer_to_another_district,
    |app: TestApp| async move {
        let gaoyao_bureau = app.bureau_of(GAOYAO).await;
        let duanzhou_bureau = app.bureau_of(DUANZHOU).await;
        let dinghu_bureau = app.bureau_of(DINGHU).await;
        let (id, duanzhou) = with_the_duanzhou_bureau(&app, "高要区车辆被盗报警咨询").await;
        route(
            &app,
            &duanzhou,
            "transferInquiry",
            json!({ "inquiryId": id, "expectedVersion": 2, "departmentId": gid("Department", gaoyao_bureau.id), "reason": "事发地属高要区" }),
        )
        .await;
        let answers = [
            (
                "acceptTransfer",
                json!({ "inquiryId": id, "expectedVersion": 3 }),
            ),
            (
                "returnTransfer",
                json!({ "inquiryId": id, "expectedVersion": 3, "reason": "不属本局" }),
            ),
        ];
        let sending_officer = officer_of(&app, duanzhou_bureau.id, DUANZHOU).await;
        let third_officer = officer_of(&app, dinghu_bureau.id, DINGHU).await;
        for (mutation, input) in &answers {
            // The sender still sees its inquiry, so it is told no rather than not found.
            for sender in [&duanzhou, &sending_officer] {
                let own = try_route(&app, sender, mutation, input.clone()).await;
                assert_eq!(error_code(&own), "FORBIDDEN", "{mutation}: {own}");
            }
            let third = try_route(&app, &third_officer, mutation, input.clone()).await;
            assert_eq!(error_code(&third), "NOT_FOUND", "{mutation}: {third}");
        }
        // The receiving supervisor answers the offer, and nothing else.
        let gaoyao = app.token(Role::Supervisor, &[GAOYAO]).await;
        let reassign = try_route(
            &app,
            &gaoyao,
            "assignInquiry",
            json!({ "inquiryId": id, "expectedVersion": 3, "departmentId": gid("Department", duanzhou_bureau.id) }),
        )
        .await;
        assert_eq!(error_code(&reassign), "FORBIDDEN", "{reassign}");
        let still = seen_by(&app, &duanzhou, &id).await;
        assert_eq!(still["version"], 3);
        assert_eq!(still["pendingTransferDistrict"]["code"], GAOYAO);
        // An officer of the receiving department may answer it too.
        let receiving_officer = officer_of(&app, gaoyao_bureau.id, GAOYAO).await;
        let accepted = route(
            &app,
            &receiving_officer,
            "acceptTransfer",
            answers[0].1.clone(),
        )
        .await;
        assert_eq!(accepted["district"]["code"], GAOYAO);
    }
);

both_backends!(
    a_returned_transfer_keeps_the_inquiry_in_its_district,
    |app: TestApp| async move {
        let gaoyao_bureau = app.bureau_of(GAOYAO).await;
        let duanzhou_bureau = app.bureau_of(DUANZHOU).await;
        let (id, duanzhou) = with_the_duanzhou_bureau(&app, "端州区星湖大道违章停车").await;
        route(
            &app,
            &duanzhou,
            "transferInquiry",
            json!({ "inquiryId": id, "expectedVersion": 2, "departmentId": gid("Department", gaoyao_bureau.id), "reason": "疑属高要区" }),
        )
        .await;
        let gaoyao = app.token(Role::Supervisor, &[GAOYAO]).await;
        let returned = route(
            &app,
            &gaoyao,
            "returnTransfer",
            json!({ "inquiryId": id, "expectedVersion": 3, "reason": "地址核实属端州区" }),
        )
        .await;
        assert_eq!(returned["district"]["code"], DUANZHOU);
        assert_eq!(
            returned["department"]["name"],
            duanzhou_bureau.name.as_str()
        );
        assert!(returned["pendingTransferDepartment"].is_null());
        assert!(returned["pendingTransferDistrict"].is_null());
        assert!(
            seen_by(&app, &gaoyao, &id).await.is_null(),
            "Gaoyao's view ends with the offer"
        );
        assert_eq!(
            seen_by(&app, &duanzhou, &id).await["district"]["code"],
            DUANZHOU
        );
        let data = event_data(&app, &id, "TRANSFER_RETURNED").await;
        assert_eq!(data["departmentId"], gaoyao_bureau.id.to_string());
    }
);

both_backends!(
    a_city_division_takes_an_inquiry_without_moving_its_district,
    |app: TestApp| async move {
        let division = a_city_division(&app).await;
        let (id, duanzhou) = with_the_duanzhou_bureau(&app, "出入境证件办理咨询").await;
        route(
            &app,
            &duanzhou,
            "transferInquiry",
            json!({ "inquiryId": id, "expectedVersion": 2, "departmentId": gid("Department", division.id), "reason": "属出入境业务" }),
        )
        .await;
        // The inquiry's own district answers an offer to a city division.
        let accepted = route(
            &app,
            &duanzhou,
            "acceptTransfer",
            json!({ "inquiryId": id, "expectedVersion": 3 }),
        )
        .await;
        assert_eq!(accepted["district"]["code"], DUANZHOU);
        assert_eq!(accepted["department"]["name"], division.name.as_str());
        let data = event_data(&app, &id, "TRANSFER_ACCEPTED").await;
        assert_eq!(data["fromDistrictCode"], DUANZHOU);
        assert_eq!(data["toDistrictCode"], DUANZHOU);
        // Assigning to a city division keeps the district as well.
        let (other, _) = with_the_duanzhou_bureau(&app, "户籍业务咨询").await;
        let assigned = route(
            &app,
            &duanzhou,
            "assignInquiry",
            json!({ "inquiryId": other, "expectedVersion": 2, "departmentId": gid("Department", division.id) }),
        )
        .await;
        assert_eq!(assigned["district"]["code"], DUANZHOU);
        assert_eq!(assigned["department"]["name"], division.name.as_str());
    }
);

both_backends!(
    the_officer_on_duty_is_not_offered_an_inquiry_of_a_district_their_department_left,
    |app: TestApp| async move {
        let admin = app.token(Role::Admin, &[]).await;
        let duanzhou = app.token(Role::Supervisor, &[DUANZHOU]).await;
        let on = app
            .gql(
                Some(&admin),
                r#"mutation { setDistrictIntake(input: { districtCode: "441202", autoAssignToOnDuty: true }) { district { code } } }"#,
                json!({}),
            )
            .await;
        assert!(on.get("errors").is_none(), "{on}");
        let duanzhou_bureau = app.bureau_of(DUANZHOU).await;
        let on_duty = officer::Entity::find()
            .filter(officer::Column::DepartmentId.eq(duanzhou_bureau.id))
            .filter(officer::Column::Active.eq(true))
            .filter(officer::Column::Role.eq(Role::Officer))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let now = Utc::now();
        let scheduled = app
            .gql(
                Some(&duanzhou),
                r#"mutation($input: ScheduleShiftInput!) { scheduleShift(input: $input) { shift { id } } }"#,
                json!({ "input": {
                    "officerId": gid("Officer", on_duty.id), "districtCode": DUANZHOU,
                    "startsAt": (now - Duration::minutes(10)).to_rfc3339(),
                    "endsAt": (now + Duration::hours(2)).to_rfc3339(),
                    "kind": crate::rota::kind_for(now - Duration::minutes(10))
                }}),
            )
            .await;
        assert!(scheduled.get("errors").is_none(), "{scheduled}");
        let first = app.submit(None, DUANZHOU, "身份证补办咨询").await;
        assert_eq!(
            first["inquiry"]["status"], "ASSIGNED",
            "the rota works: {first}"
        );

        // The officer moves to the Gaoyao bureau; the shift in Duanzhou is still planned.
        let gaoyao_bureau = app.bureau_of(GAOYAO).await;
        let mut moved: officer::ActiveModel = on_duty.into();
        moved.department_id = Set(gaoyao_bureau.id);
        moved.update(&app.state.db).await.unwrap();
        let second = app.submit(None, DUANZHOU, "居住证办理咨询").await;
        assert_eq!(second["inquiry"]["status"], "NEW", "{second}");
        assert_eq!(second["inquiry"]["district"]["code"], DUANZHOU);
        let row =
            entity::inquiry::Entity::find_by_id(uuid_of(second["inquiry"]["id"].as_str().unwrap()))
                .one(&app.state.db)
                .await
                .unwrap()
                .unwrap();
        assert_eq!(row.status, InquiryStatus::New);
        assert_eq!(row.department_id, None);
    }
);

both_backends!(
    an_inquiry_filed_with_the_city_is_assigned_down_into_a_county_with_an_event_naming_it,
    |app: TestApp| async move {
        let city = app.token(Role::Supervisor, &["441200"]).await;
        let duanzhou_bureau = app.bureau_of(DUANZHOU).await;
        let submitted = app.submit(None, "441200", "市区范围内噪音投诉").await;
        let id = submitted["inquiry"]["id"].as_str().unwrap().to_owned();
        let assigned = route(
            &app,
            &city,
            "assignInquiry",
            json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", duanzhou_bureau.id) }),
        )
        .await;
        assert_eq!(assigned["district"]["code"], DUANZHOU);
        let data = event_data(&app, &id, "ASSIGNED").await;
        assert_eq!(data["fromDistrictCode"], "441200");
        assert_eq!(data["toDistrictCode"], DUANZHOU);
        // Once in Duanzhou it stays there unless Gaoyao accepts it.
        let gaoyao_bureau = app.bureau_of(GAOYAO).await;
        let sideways = try_route(
            &app,
            &city,
            "assignInquiry",
            json!({ "inquiryId": id, "expectedVersion": 2, "departmentId": gid("Department", gaoyao_bureau.id) }),
        )
        .await;
        assert_eq!(error_code(&sideways), "BAD_USER_INPUT", "{sideways}");
    }
);
