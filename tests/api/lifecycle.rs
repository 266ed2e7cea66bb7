//! The inquiry lifecycle end to end: the transition table, signed replies, ratings,
//! merges, concurrency and who may do what.

use entity::{InquiryStatus, Role};
use futures::future::join_all;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::{Value, json};
use uuid::Uuid;
use wenzheng::domain::transitions::{self, ALL_ACTIONS, ALL_STATUSES, Action};

use crate::{
    both_backends,
    helpers::{TestApp, error_code, gid, uuid_of},
};

const INQUIRY: &str =
    "id status version deadlineState dueAt department { name } officer { dutyName }";

/// Runs a lifecycle mutation and returns its payload, panicking on errors.
async fn run(app: &TestApp, token: Option<&str>, mutation: &str, input: Value) -> Value {
    let body = try_run(app, token, mutation, input).await;
    assert!(body.get("errors").is_none(), "{mutation}: {body}");
    body["data"][mutation].clone()
}

async fn try_run(app: &TestApp, token: Option<&str>, mutation: &str, input: Value) -> Value {
    let selection = match mutation {
        "replyToInquiry" | "correctReply" => format!("inquiry {{ {INQUIRY} }} reply {{ id }}"),
        "consultExpert" | "adviseOnInquiry" => {
            format!("inquiry {{ {INQUIRY} }} consultation {{ id }}")
        }
        "rateInquiry" => "reference status reopened".to_owned(),
        _ => format!("inquiry {{ {INQUIRY} }}"),
    };
    let inputs = [
        ("assignInquiry", "AssignInquiryInput"),
        ("transferInquiry", "TransferInquiryInput"),
        ("acceptTransfer", "InquiryVersionInput"),
        ("returnTransfer", "InquiryReasonInput"),
        ("startWork", "InquiryVersionInput"),
        ("replyToInquiry", "ReplyToInquiryInput"),
        ("correctReply", "CorrectReplyInput"),
        ("pauseInquiry", "InquiryReasonInput"),
        ("resumeInquiry", "InquiryVersionInput"),
        ("requestExtension", "RequestExtensionInput"),
        ("approveExtension", "InquiryVersionInput"),
        ("rejectExtension", "InquiryReasonInput"),
        ("resolveInquiry", "ResolveInquiryInput"),
        ("closeInquiry", "InquiryVersionInput"),
        ("rejectInquiry", "InquiryReasonInput"),
        ("mergeInquiry", "MergeInquiryInput"),
        ("reopenInquiry", "InquiryReasonInput"),
        ("rateInquiry", "RateInquiryInput"),
        ("consultExpert", "ConsultExpertInput"),
        ("adviseOnInquiry", "AdviseOnInquiryInput"),
    ];
    let ty = inputs
        .iter()
        .find(|(m, _)| *m == mutation)
        .map(|(_, t)| *t)
        .expect("known mutation");
    let q = format!("mutation($input: {ty}!) {{ {mutation}(input: $input) {{ {selection} }} }}");
    app.gql(token, &q, json!({ "input": input })).await
}

/// A fresh anonymous inquiry in Duanzhou: (global id, reference, tracking code).
async fn fresh(app: &TestApp, subject: &str) -> (String, String, String) {
    let p = app.submit(None, "441202", subject).await;
    (
        p["inquiry"]["id"].as_str().unwrap().to_owned(),
        p["inquiry"]["reference"].as_str().unwrap().to_owned(),
        p["trackingCode"].as_str().unwrap().to_owned(),
    )
}

async fn version(app: &TestApp, id: &str) -> i64 {
    let m = entity::inquiry::Entity::find_by_id(uuid_of(id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    m.version.into()
}

const TRACK: &str = r#"query($r: String!, $c: String!) { trackInquiry(reference: $r, trackingCode: $c) {
  status mergedIntoReference events { kind } replies { body visibility isCorrection signedBy { dutyName realName department { name } } } } }"#;

both_backends!(
    an_inquiry_goes_from_submission_to_a_rated_closed_result,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let officer = app.token(Role::Officer, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, reference, code) = fresh(&app, "身份证丢失如何补办").await;

        let a = run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        assert_eq!(a["inquiry"]["status"], "ASSIGNED");
        assert_eq!(a["inquiry"]["department"]["name"], bureau.name.as_str());
        let s = run(
            &app,
            Some(&officer),
            "startWork",
            json!({ "inquiryId": id, "expectedVersion": 2 }),
        )
        .await;
        assert_eq!(s["inquiry"]["status"], "IN_PROGRESS");
        let body = "您好，身份证丢失可携带户口簿到端州分局户政窗口补办，工作日即可受理。";
        let r = run(
            &app,
            Some(&officer),
            "replyToInquiry",
            json!({ "inquiryId": id, "expectedVersion": 3, "visibility": "PUBLIC", "body": body }),
        )
        .await;
        assert_eq!(r["inquiry"]["status"], "ANSWERED");
        run(&app, Some(&officer), "replyToInquiry", json!({ "inquiryId": id, "expectedVersion": 4, "visibility": "INTERNAL", "body": "已电话联系市民确认。" })).await;
        let v = run(
            &app,
            Some(&officer),
            "resolveInquiry",
            json!({ "inquiryId": id, "expectedVersion": 5, "resolution": "已告知补办流程" }),
        )
        .await;
        assert_eq!(v["inquiry"]["status"], "RESOLVED");
        assert_eq!(v["inquiry"]["deadlineState"], "MET");
        let c = run(
            &app,
            Some(&officer),
            "closeInquiry",
            json!({ "inquiryId": id, "expectedVersion": 6 }),
        )
        .await;
        assert_eq!(c["inquiry"]["status"], "CLOSED");

        // The citizen tracks it: the public reply is signed with duty name and department; no
        // internal note, no real name.
        let t = app
            .gql(None, TRACK, json!({ "r": reference, "c": code }))
            .await;
        let t = &t["data"]["trackInquiry"];
        assert_eq!(t["status"], "CLOSED");
        assert_eq!(t["replies"].as_array().unwrap().len(), 1, "{t}");
        assert_eq!(t["replies"][0]["body"], body);
        assert!(t["replies"][0]["signedBy"]["dutyName"].is_string());
        assert!(t["replies"][0]["signedBy"]["realName"].is_null());
        assert_eq!(
            t["replies"][0]["signedBy"]["department"]["name"],
            bureau.name.as_str()
        );
        let kinds: Vec<&str> = t["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["RECEIVED", "ASSIGNED", "REPLIED", "RESOLVED", "CLOSED"]
        );

        let rated = run(&app, None, "rateInquiry", json!({ "reference": reference, "trackingCode": code, "satisfaction": "SATISFIED", "comment": "回复及时，谢谢！" })).await;
        assert_eq!(
            rated,
            json!({ "reference": reference, "status": "CLOSED", "reopened": false })
        );
        let again = try_run(
            &app,
            None,
            "rateInquiry",
            json!({ "reference": reference, "trackingCode": code, "satisfaction": "SATISFIED" }),
        )
        .await;
        assert_eq!(error_code(&again), "CONFLICT", "one rating per result");
        let admin = app.token(Role::Admin, &[]).await;
        let q = "query($id: ID!) { inquiry(id: $id) { feedback { satisfaction comment } events { kind actorKind actor { dutyName } } replies { visibility signedBy { realName badgeNumber } } } }";
        let staff_view = app.gql(Some(&admin), q, json!({ "id": id })).await;
        let i = &staff_view["data"]["inquiry"];
        assert_eq!(
            i["feedback"],
            json!([{ "satisfaction": "SATISFIED", "comment": "回复及时，谢谢！" }])
        );
        assert_eq!(i["events"].as_array().unwrap().len(), 8, "{i}");
        assert_eq!(
            i["replies"].as_array().unwrap().len(),
            2,
            "staff see the internal note too"
        );
        assert!(
            i["replies"][0]["signedBy"]["realName"].is_string(),
            "staff see the real name"
        );
    }
);

both_backends!(
    an_unsatisfied_citizen_sees_the_inquiry_reopened,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, reference, code) = fresh(&app, "噪音投诉处理结果不满意").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        run(&app, Some(&supervisor), "replyToInquiry", json!({ "inquiryId": id, "expectedVersion": 2, "visibility": "PRIVATE", "body": "已安排民警上门调解。" })).await;
        run(
            &app,
            Some(&supervisor),
            "resolveInquiry",
            json!({ "inquiryId": id, "expectedVersion": 3, "resolution": "已调解" }),
        )
        .await;
        let rated = run(&app, None, "rateInquiry", json!({ "reference": reference, "trackingCode": code, "satisfaction": "UNSATISFIED", "reason": "噪音仍然存在" })).await;
        assert_eq!(rated["status"], "REOPENED");
        assert_eq!(rated["reopened"], true);
        let t = app
            .gql(None, TRACK, json!({ "r": reference, "c": code }))
            .await;
        assert_eq!(t["data"]["trackInquiry"]["status"], "REOPENED");
        let kinds: Vec<&str> = t["data"]["trackInquiry"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds.last(), Some(&"REOPENED"));
        let q = "query($id: ID!) { inquiry(id: $id) { status reopenedCount deadlineState } }";
        let i = app.gql(Some(&supervisor), q, json!({ "id": id })).await;
        assert_eq!(
            i["data"]["inquiry"],
            json!({ "status": "REOPENED", "reopenedCount": 1, "deadlineState": "ON_TRACK" })
        );
        let wrong = try_run(&app, None, "rateInquiry", json!({ "reference": reference, "trackingCode": "WRONGWRONG22", "satisfaction": "SATISFIED" })).await;
        assert_eq!(
            error_code(&wrong),
            "NOT_FOUND",
            "a wrong tracking code rates nothing"
        );
    }
);

both_backends!(
    a_merged_inquiry_stays_trackable_and_shows_the_targets_public_replies,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (target, _, _) = fresh(&app, "星湖大道路灯损坏").await;
        let (dup, reference, code) = fresh(&app, "星湖大道路灯不亮").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": target, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        run(&app, Some(&supervisor), "replyToInquiry", json!({ "inquiryId": target, "expectedVersion": 2, "visibility": "PUBLIC", "body": "已通知市政部门维修路灯。" })).await;
        run(&app, Some(&supervisor), "replyToInquiry", json!({ "inquiryId": target, "expectedVersion": 3, "visibility": "PRIVATE", "body": "给原投诉人的私信" })).await;
        let merged = run(
            &app,
            Some(&supervisor),
            "mergeInquiry",
            json!({ "inquiryId": dup, "expectedVersion": 1, "intoId": target }),
        )
        .await;
        assert_eq!(merged["inquiry"]["status"], "MERGED");
        let t = app
            .gql(None, TRACK, json!({ "r": reference, "c": code }))
            .await;
        let t = &t["data"]["trackInquiry"];
        assert_eq!(t["status"], "MERGED");
        assert!(t["mergedIntoReference"].is_string());
        let bodies: Vec<&str> = t["replies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["body"].as_str().unwrap())
            .collect();
        assert_eq!(
            bodies,
            ["已通知市政部门维修路灯。"],
            "public replies of the target only"
        );
    }
);

both_backends!(
    two_officers_saving_the_same_version_one_wins_and_the_other_gets_conflict,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let officer = app.token(Role::Officer, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, _, _) = fresh(&app, "交通违法记录查询").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        let attempts = join_all([&supervisor, &officer].map(|t| {
        try_run(&app, Some(t), "replyToInquiry", json!({ "inquiryId": id, "expectedVersion": 2, "visibility": "PUBLIC", "body": "您好，可登录交管12123查询。" }))
    }))
    .await;
        let ok = attempts
            .iter()
            .filter(|b| b.get("errors").is_none())
            .count();
        let conflicts = attempts
            .iter()
            .filter(|b| error_code(b) == "CONFLICT")
            .count();
        assert_eq!((ok, conflicts), (1, 1), "{attempts:?}");
        let replies = entity::reply::Entity::find()
            .filter(entity::reply::Column::InquiryId.eq(uuid_of(&id)))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(replies, 1, "the loser wrote nothing");
        assert_eq!(version(&app, &id).await, 3);
    }
);

both_backends!(
    an_officer_of_another_department_cannot_reply_and_resolving_needs_a_reply,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, _, _) = fresh(&app, "出租屋登记咨询").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        let other = app.token(Role::Officer, &["441204"]).await;
        let refused = try_run(&app, Some(&other), "replyToInquiry", json!({ "inquiryId": id, "expectedVersion": 2, "visibility": "PUBLIC", "body": "越权回复" })).await;
        assert_eq!(
            error_code(&refused),
            "NOT_FOUND",
            "out of scope looks absent"
        );
        let officer = app.token(Role::Officer, &["441202"]).await;
        let assign = try_run(&app, Some(&officer), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 2, "departmentId": gid("Department", bureau.id) })).await;
        assert_eq!(error_code(&assign), "FORBIDDEN", "officers do not assign");
        run(&app, Some(&officer), "replyToInquiry", json!({ "inquiryId": id, "expectedVersion": 2, "visibility": "INTERNAL", "body": "内部备注" })).await;
        let resolve = try_run(
            &app,
            Some(&officer),
            "resolveInquiry",
            json!({ "inquiryId": id, "expectedVersion": 3, "resolution": "无" }),
        )
        .await;
        assert_eq!(error_code(&resolve), "INVALID_TRANSITION");
        let stale = try_run(
            &app,
            Some(&officer),
            "startWork",
            json!({ "inquiryId": id, "expectedVersion": 1 }),
        )
        .await;
        assert_eq!(error_code(&stale), "CONFLICT");
    }
);

both_backends!(
    a_transfer_is_accepted_or_returned_by_the_receiving_department,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let dinghu = app.bureau_of("441203").await;
        let (id, _, _) = fresh(&app, "鼎湖区事项误投端州").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        run(&app, Some(&supervisor), "transferInquiry", json!({ "inquiryId": id, "expectedVersion": 2, "departmentId": gid("Department", dinghu.id), "reason": "属鼎湖区辖区" })).await;
        let receiving = app.token(Role::Officer, &["441203"]).await;
        let returned = run(
            &app,
            Some(&receiving),
            "returnTransfer",
            json!({ "inquiryId": id, "expectedVersion": 3, "reason": "地址核实属端州" }),
        )
        .await;
        assert_eq!(
            returned["inquiry"]["department"]["name"],
            bureau.name.as_str()
        );
        run(&app, Some(&supervisor), "transferInquiry", json!({ "inquiryId": id, "expectedVersion": 4, "departmentId": gid("Department", dinghu.id), "reason": "再次核实属鼎湖" })).await;
        let accepted = run(
            &app,
            Some(&receiving),
            "acceptTransfer",
            json!({ "inquiryId": id, "expectedVersion": 5 }),
        )
        .await;
        assert_eq!(
            accepted["inquiry"]["department"]["name"],
            dinghu.name.as_str()
        );
        assert_eq!(accepted["inquiry"]["status"], "ASSIGNED");
    }
);

both_backends!(
    an_expert_is_consulted_and_advises_internally,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let expert = entity::officer::Entity::find()
            .filter(entity::officer::Column::Expert.eq(true))
            .filter(entity::officer::Column::Active.eq(true))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let (id, reference, code) = fresh(&app, "港澳通行证签注问题").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        let due = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
        let c = run(&app, Some(&supervisor), "consultExpert", json!({ "inquiryId": id, "expectedVersion": 2, "expertId": gid("Officer", expert.id), "question": "逗留期限如何计算？", "dueAt": due })).await;
        let consultation = c["consultation"]["id"].as_str().unwrap().to_owned();
        let expert_token = app
            .token_with(wenzheng::auth::issue::TokenRequest {
                role: Role::Officer,
                districts: vec!["441200".into()],
                department: None,
                sub: Some(expert.badge_number.clone()),
                partner: None,
                ttl_seconds: 600,
            })
            .await;
        let advised = run(
            &app,
            Some(&expert_token),
            "adviseOnInquiry",
            json!({ "consultationId": consultation, "advice": "按签注类型计算，每次不超过7天。" }),
        )
        .await;
        assert_eq!(advised["inquiry"]["status"], "ASSIGNED");
        let t = app
            .gql(None, TRACK, json!({ "r": reference, "c": code }))
            .await;
        let kinds: Vec<&str> = t["data"]["trackInquiry"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert!(
            !kinds.iter().any(|k| k.starts_with("EXPERT")),
            "consultations never reach the citizen: {kinds:?}"
        );
    }
);

both_backends!(
    an_expert_finds_the_consultations_addressed_to_them_in_an_inbox,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let expert = entity::officer::Entity::find()
            .filter(entity::officer::Column::Expert.eq(true))
            .filter(entity::officer::Column::Active.eq(true))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let expert_token = app
            .token_with(wenzheng::auth::issue::TokenRequest {
                role: Role::Officer,
                districts: vec!["441200".into()],
                department: None,
                sub: Some(expert.badge_number.clone()),
                partner: None,
                ttl_seconds: 600,
            })
            .await;
        let (id, _, _) = fresh(&app, "出入境政策咨询").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        let due = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
        let mut asked = Vec::new();
        for (v, question) in [
            (2, "签注如何计算？"),
            (3, "逗留期限多久？"),
            (4, "可否加急？"),
        ] {
            let c = run(&app, Some(&supervisor), "consultExpert", json!({ "inquiryId": id, "expectedVersion": v, "expertId": gid("Officer", expert.id), "question": question, "dueAt": due })).await;
            asked.push(c["consultation"]["id"].as_str().unwrap().to_owned());
        }
        // One answered, one overdue, one waiting in time.
        run(
            &app,
            Some(&expert_token),
            "adviseOnInquiry",
            json!({ "consultationId": asked[0], "advice": "按签注类型计算。" }),
        )
        .await;
        let overdue = entity::expert_consultation::Entity::find_by_id(uuid_of(&asked[1]))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let mut m: entity::expert_consultation::ActiveModel = overdue.into();
        m.due_at = Set(chrono::Utc::now() - chrono::Duration::hours(1));
        m.update(&app.state.db).await.unwrap();

        let q = "query($first: Int!, $after: String, $p: Boolean, $o: Boolean) { myConsultations(first: $first, after: $after, pendingOnly: $p, overdueOnly: $o) { totalCount pageInfo { hasNextPage endCursor } nodes { id question inquiryId } } }";
        let ids = |body: &Value| -> Vec<String> {
            body["data"]["myConsultations"]["nodes"]
                .as_array()
                .unwrap_or_else(|| panic!("{body}"))
                .iter()
                .map(|n| n["id"].as_str().unwrap().to_owned())
                .collect()
        };
        let all = app
            .gql(Some(&expert_token), q, json!({ "first": 10 }))
            .await;
        assert_eq!(all["data"]["myConsultations"]["totalCount"], 3, "{all}");
        assert_eq!(ids(&all)[0], asked[1], "the overdue one comes first");
        assert_eq!(
            all["data"]["myConsultations"]["nodes"][0]["inquiryId"],
            id.as_str()
        );
        let pending = app
            .gql(Some(&expert_token), q, json!({ "first": 10, "p": true }))
            .await;
        assert_eq!(ids(&pending), [asked[1].clone(), asked[2].clone()]);
        let late = app
            .gql(Some(&expert_token), q, json!({ "first": 10, "o": true }))
            .await;
        assert_eq!(ids(&late), [asked[1].clone()]);

        // Paged with the one pager.
        let first = app.gql(Some(&expert_token), q, json!({ "first": 2 })).await;
        assert_eq!(
            first["data"]["myConsultations"]["pageInfo"]["hasNextPage"],
            true
        );
        let cursor = first["data"]["myConsultations"]["pageInfo"]["endCursor"].clone();
        let rest = app
            .gql(
                Some(&expert_token),
                q,
                json!({ "first": 2, "after": cursor }),
            )
            .await;
        assert_eq!(ids(&rest).len(), 1);
        assert_eq!(
            rest["data"]["myConsultations"]["pageInfo"]["hasNextPage"],
            false
        );

        // Someone else's inbox holds none of them; no staff token, no inbox.
        let theirs = app.gql(Some(&supervisor), q, json!({ "first": 10 })).await;
        assert_eq!(theirs["data"]["myConsultations"]["totalCount"], 0);
        let citizen = app.token(Role::Citizen, &[]).await;
        let refused = app.gql(Some(&citizen), q, json!({ "first": 10 })).await;
        assert_eq!(error_code(&refused), "FORBIDDEN");
        let anonymous = app.gql(None, q, json!({ "first": 10 })).await;
        assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
    }
);

both_backends!(
    a_reply_is_corrected_once_and_later_corrections_go_through_the_latest,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, _, _) = fresh(&app, "补办驾驶证需要什么材料").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        let r = run(&app, Some(&supervisor), "replyToInquiry", json!({ "inquiryId": id, "expectedVersion": 2, "visibility": "PUBLIC", "body": "请携带身份证到车管所办理。" })).await;
        let original = r["reply"]["id"].as_str().unwrap().to_owned();

        // A reason must say something.
        let terse = try_run(&app, Some(&supervisor), "correctReply", json!({ "replyId": original, "expectedVersion": 3, "body": "请携带身份证和照片到车管所办理。", "reason": "笔误" })).await;
        assert_eq!(error_code(&terse), "BAD_USER_INPUT");
        assert_eq!(terse["errors"][0]["extensions"]["field"], "reason");
        assert!(
            terse["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("at least 5")
        );

        let first = run(&app, Some(&supervisor), "correctReply", json!({ "replyId": original, "expectedVersion": 3, "body": "请携带身份证和照片到车管所办理。", "reason": "漏写了所需照片" })).await;
        let correction = first["reply"]["id"].as_str().unwrap().to_owned();

        // The original cannot be corrected a second time: the refusal names the correction.
        let twice = try_run(&app, Some(&supervisor), "correctReply", json!({ "replyId": original, "expectedVersion": 4, "body": "请携带身份证、照片和体检证明办理。", "reason": "还漏了体检证明" })).await;
        assert_eq!(error_code(&twice), "BAD_USER_INPUT", "{twice}");
        assert_eq!(twice["errors"][0]["extensions"]["field"], "replyId");
        assert!(
            twice["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(&correction),
            "{twice}"
        );
        assert_eq!(version(&app, &id).await, 4, "nothing was written");

        // Correcting the latest correction is how the answer improves again.
        let second = run(&app, Some(&supervisor), "correctReply", json!({ "replyId": correction, "expectedVersion": 4, "body": "请携带身份证、照片和体检证明办理。", "reason": "还漏了体检证明" })).await;
        assert_eq!(second["inquiry"]["version"], 5);
    }
);

both_backends!(
    unmasked_reads_are_logged_and_only_admins_read_the_log,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let (id, _, _) = fresh(&app, "户口迁移咨询").await;
        app.gql(
            Some(&supervisor),
            "query($id: ID!) { inquiry(id: $id) { citizenName citizenPhone } }",
            json!({ "id": id }),
        )
        .await;
        let q = "query($id: ID!) { inquiry(id: $id) { piiAccessLog { accessor fields officer { badgeNumber } } } }";
        let not_admin = app.gql(Some(&supervisor), q, json!({ "id": id })).await;
        assert!(not_admin["data"]["inquiry"]["piiAccessLog"].is_null());
        let admin = app.token(Role::Admin, &[]).await;
        let log = app.gql(Some(&admin), q, json!({ "id": id })).await;
        let entries = log["data"]["inquiry"]["piiAccessLog"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(entries.len(), 1, "{log}");
        assert_eq!(entries[0]["fields"], json!(["citizenName", "citizenPhone"]));
        assert!(
            entries[0]["accessor"]
                .as_str()
                .unwrap()
                .starts_with("officer:")
        );
    }
);

/// What `prepare` set up around the inquiry.
struct Prepared {
    id: String,
    reference: String,
    code: String,
    reply: Uuid,
    /// A consultation of `expert` (for `Action::Advise`).
    consultation: Option<Uuid>,
}

/// Puts a fresh inquiry into `status`, with what `action` needs around it (a pending
/// transfer, a paused clock, a pending extension, a reply to the citizen, a consultation
/// of `expert`).
async fn prepare(
    app: &TestApp,
    status: InquiryStatus,
    action: Action,
    merge_target: Uuid,
    expert: Uuid,
) -> Prepared {
    let (id, reference, code) = fresh(app, "状态机测试").await;
    let bureau = app.bureau_of("441202").await;
    let dinghu = app.bureau_of("441203").await;
    let officer = entity::officer::Entity::find()
        .filter(entity::officer::Column::DepartmentId.eq(bureau.id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let row = entity::inquiry::Entity::find_by_id(uuid_of(&id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let now = wenzheng::service::now();
    let mut m: entity::inquiry::ActiveModel = row.into();
    m.status = Set(status);
    if status != InquiryStatus::New {
        m.department_id = Set(Some(bureau.id));
    }
    if matches!(action, Action::AcceptTransfer | Action::ReturnTransfer) {
        m.pending_transfer_department_id = Set(Some(dinghu.id));
        m.pending_transfer_district_id = Set(Some(dinghu.district_id));
    }
    if action == Action::Resume {
        m.paused_at = Set(Some(now));
    }
    if matches!(action, Action::ApproveExtension | Action::RejectExtension) {
        m.pending_extension_days = Set(Some(2));
    }
    if matches!(status, InquiryStatus::Resolved | InquiryStatus::Closed) {
        m.resolved_at = Set(Some(now));
    }
    if status == InquiryStatus::Merged {
        m.merged_into_id = Set(Some(merge_target));
    }
    m.update(&app.state.db).await.unwrap();
    let reply = Uuid::now_v7();
    entity::reply::Entity::insert(entity::reply::ActiveModel {
        id: Set(reply),
        inquiry_id: Set(uuid_of(&id)),
        officer_id: Set(officer.id),
        department_id: Set(bureau.id),
        visibility: Set(entity::ReplyVisibility::Public),
        body: Set("已答复".into()),
        answer_entry_id: Set(None),
        answer_entry_version: Set(None),
        corrects_reply_id: Set(None),
        correction_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&app.state.db)
    .await
    .unwrap();
    let consultation = if action == Action::Advise {
        let consultation = Uuid::now_v7();
        entity::expert_consultation::Entity::insert(entity::expert_consultation::ActiveModel {
            id: Set(consultation),
            inquiry_id: Set(uuid_of(&id)),
            expert_id: Set(expert),
            requested_by_id: Set(officer.id),
            question: Set("请教".into()),
            advice: Set(None),
            due_at: Set(now + chrono::Duration::days(2)),
            answered_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&app.state.db)
        .await
        .unwrap();
        Some(consultation)
    } else {
        None
    };
    Prepared {
        id,
        reference,
        code,
        reply,
        consultation,
    }
}

/// What [`perform`] needs besides the prepared inquiry.
struct Fixture {
    bureau: entity::department::Model,
    dinghu: entity::department::Model,
    expert: entity::officer::Model,
    /// A merge target in Duanzhou.
    target: String,
}

impl Fixture {
    async fn new(app: &TestApp) -> Self {
        let expert = entity::officer::Entity::find()
            .filter(entity::officer::Column::Expert.eq(true))
            .filter(entity::officer::Column::Active.eq(true))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        Self {
            bureau: app.bureau_of("441202").await,
            dinghu: app.bureau_of("441203").await,
            expert,
            target: fresh(app, "合并目标").await.0,
        }
    }
}

/// Takes `action` on the prepared inquiry through its mutation, with `token`; a rating
/// uses the tracking code when `rate_with_code`, the token otherwise. Returns the response.
async fn perform(
    app: &TestApp,
    fx: &Fixture,
    prepared: &Prepared,
    action: Action,
    token: Option<&str>,
    rate_with_code: bool,
) -> Value {
    let (id, reference, code) = (&prepared.id, &prepared.reference, &prepared.code);
    let due = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    let (mutation, mut input) = match action {
        Action::Assign => (
            "assignInquiry",
            json!({ "departmentId": gid("Department", fx.bureau.id) }),
        ),
        Action::Transfer => (
            "transferInquiry",
            json!({ "departmentId": gid("Department", fx.dinghu.id), "reason": "转办" }),
        ),
        Action::AcceptTransfer => ("acceptTransfer", json!({})),
        Action::ReturnTransfer => ("returnTransfer", json!({ "reason": "退回" })),
        Action::StartWork => ("startWork", json!({})),
        Action::ReplyToCitizen => (
            "replyToInquiry",
            json!({ "visibility": "PUBLIC", "body": "答复" }),
        ),
        Action::ReplyInternally => (
            "replyToInquiry",
            json!({ "visibility": "INTERNAL", "body": "备注" }),
        ),
        Action::Pause => ("pauseInquiry", json!({ "reason": "等待市民补充材料" })),
        Action::Resume => ("resumeInquiry", json!({})),
        Action::RequestExtension => (
            "requestExtension",
            json!({ "days": 3, "reason": "需要调查" }),
        ),
        Action::ApproveExtension => ("approveExtension", json!({})),
        Action::RejectExtension => ("rejectExtension", json!({ "reason": "现有期限足够办结" })),
        Action::Resolve => ("resolveInquiry", json!({ "resolution": "已办结" })),
        Action::Close => ("closeInquiry", json!({})),
        Action::Reject => ("rejectInquiry", json!({ "reason": "不属于公安职责" })),
        Action::Merge => ("mergeInquiry", json!({ "intoId": fx.target })),
        Action::Reopen => ("reopenInquiry", json!({ "reason": "复查" })),
        Action::Rate => (
            "rateInquiry",
            json!({ "reference": reference, "satisfaction": "SATISFIED" }),
        ),
        Action::ConsultExpert => (
            "consultExpert",
            json!({ "expertId": gid("Officer", fx.expert.id), "question": "请教", "dueAt": due }),
        ),
        Action::Advise => (
            "adviseOnInquiry",
            json!({ "consultationId": gid("ExpertConsultation", prepared.consultation.unwrap()), "advice": "建议" }),
        ),
        Action::CorrectReply => (
            "correctReply",
            json!({ "replyId": gid("Reply", prepared.reply), "body": "更正后的答复", "reason": "答复中有笔误" }),
        ),
    };
    let token = if action == Action::Rate {
        if rate_with_code {
            input["trackingCode"] = json!(code);
            None
        } else {
            token
        }
    } else {
        if !matches!(action, Action::Advise | Action::CorrectReply) {
            input["inquiryId"] = json!(id);
        }
        input["expectedVersion"] = json!(version(app, id).await);
        token
    };
    try_run(app, token, mutation, input).await
}

both_backends!(
    every_transition_in_the_table_succeeds_and_every_other_is_refused,
    |app: TestApp| async move {
        // The admin advises too: advice comes from the expert a consultation names.
        let issued = wenzheng::auth::issue::issue(
            &app.state.db,
            &app.state.directory,
            &app.state.keys,
            wenzheng::auth::issue::TokenRequest {
                role: Role::Admin,
                districts: vec![],
                department: None,
                sub: None,
                partner: None,
                ttl_seconds: 600,
            },
        )
        .await
        .unwrap();
        let admin = issued.token;
        let admin_officer = issued.officer.unwrap().id;
        let fx = Fixture::new(&app).await;
        let mut checked = 0;
        for status in ALL_STATUSES {
            for action in ALL_ACTIONS {
                let prepared =
                    prepare(&app, status, action, uuid_of(&fx.target), admin_officer).await;
                // Ratings with the tracking code, as the citizen's link does.
                let body = perform(&app, &fx, &prepared, action, Some(&admin), true).await;
                match transitions::next(status, action) {
                    Some(_) => assert!(
                        body.get("errors").is_none(),
                        "{action:?} from {status:?} must succeed: {body}"
                    ),
                    None => {
                        assert_eq!(
                            error_code(&body),
                            "INVALID_TRANSITION",
                            "{action:?} from {status:?} must be refused: {body}"
                        )
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(checked, ALL_STATUSES.len() * ALL_ACTIONS.len());
    }
);

/// A token for `role` and the officer it names (none for citizens and partners).
async fn issued(
    app: &TestApp,
    role: Role,
    districts: &[&str],
    department: Option<Uuid>,
    sub: Option<&str>,
) -> (String, Option<Uuid>) {
    let issued = wenzheng::auth::issue::issue(
        &app.state.db,
        &app.state.directory,
        &app.state.keys,
        wenzheng::auth::issue::TokenRequest {
            role,
            districts: districts.iter().map(|d| d.to_string()).collect(),
            department,
            sub: sub.map(str::to_owned),
            partner: (role == Role::Partner).then(|| "12345-hotline".to_owned()),
            ttl_seconds: 600,
        },
    )
    .await
    .unwrap();
    (issued.token, issued.officer.map(|o| o.id))
}

const VIEWER_ACTIONS: &str = "query($id: ID!) { inquiry(id: $id) { viewerActions } }";

/// `Inquiry.viewerActions` for `token`; none when the inquiry is out of its scope.
async fn viewer_actions(app: &TestApp, token: &str, id: &str) -> Vec<String> {
    let body = app
        .gql(Some(token), VIEWER_ACTIONS, json!({ "id": id }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["inquiry"]["viewerActions"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

/// `Action::ApproveExtension` → `APPROVE_EXTENSION`, as the schema names it.
fn enum_name(action: Action) -> String {
    let mut out = String::new();
    for (i, c) in format!("{action:?}").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

both_backends!(
    every_listed_viewer_action_succeeds_and_every_unlisted_one_is_refused,
    |app: TestApp| async move {
        let fx = Fixture::new(&app).await;
        let citizen_subject = "app-user-viewer";
        let (handling, handling_id) =
            issued(&app, Role::Officer, &["441202"], Some(fx.bureau.id), None).await;
        let (other, other_id) =
            issued(&app, Role::Officer, &["441203"], Some(fx.dinghu.id), None).await;
        let (supervisor, supervisor_id) =
            issued(&app, Role::Supervisor, &["441202"], None, None).await;
        let (admin, admin_id) = issued(&app, Role::Admin, &[], None, None).await;
        let (citizen, _) = issued(&app, Role::Citizen, &[], None, Some(citizen_subject)).await;
        let (partner, _) = issued(&app, Role::Partner, &["441202"], None, None).await;
        let roles = [
            ("handling officer", &handling, handling_id),
            ("other department's officer", &other, other_id),
            ("supervisor", &supervisor, supervisor_id),
            ("admin", &admin, admin_id),
            ("citizen owner", &citizen, None),
            ("partner", &partner, None),
        ];
        let statuses = [
            InquiryStatus::New,
            InquiryStatus::Assigned,
            InquiryStatus::Answered,
            InquiryStatus::Resolved,
            InquiryStatus::Closed,
        ];
        let (mut listed, mut refused) = (0, 0);
        for (who, token, officer) in roles {
            for status in statuses {
                for action in ALL_ACTIONS {
                    // A consultation names the viewer where it is staff.
                    let consulted = officer.unwrap_or(fx.expert.id);
                    let prepared =
                        prepare(&app, status, action, uuid_of(&fx.target), consulted).await;
                    let mut row: entity::inquiry::ActiveModel =
                        entity::inquiry::Entity::find_by_id(uuid_of(&prepared.id))
                            .one(&app.state.db)
                            .await
                            .unwrap()
                            .unwrap()
                            .into();
                    row.citizen_subject = Set(Some(citizen_subject.to_owned()));
                    row.submitted_by_partner = Set(Some("12345-hotline".to_owned()));
                    row.update(&app.state.db).await.unwrap();
                    let offered = viewer_actions(&app, token, &prepared.id).await;
                    let body = perform(&app, &fx, &prepared, action, Some(token), false).await;
                    if offered.contains(&enum_name(action)) {
                        assert!(
                            body.get("errors").is_none(),
                            "{who}: listed {action:?} from {status:?} must succeed: {body}"
                        );
                        listed += 1;
                    } else {
                        assert!(
                            body.get("errors").is_some(),
                            "{who}: unlisted {action:?} from {status:?} must be refused \
                             (listed {offered:?}): {body}"
                        );
                        refused += 1;
                    }
                }
            }
        }
        assert_eq!(
            listed + refused,
            roles.len() * statuses.len() * ALL_ACTIONS.len()
        );
        assert!(listed > 50, "only {listed} listed");

        // The refusal says which role is needed, not what the caller is.
        let prepared = prepare(
            &app,
            InquiryStatus::InProgress,
            Action::ApproveExtension,
            uuid_of(&fx.target),
            fx.expert.id,
        )
        .await;
        assert!(
            !viewer_actions(&app, &handling, &prepared.id)
                .await
                .contains(&"APPROVE_EXTENSION".to_owned())
        );
        let body = perform(
            &app,
            &fx,
            &prepared,
            Action::ApproveExtension,
            Some(&handling),
            false,
        )
        .await;
        assert_eq!(error_code(&body), "FORBIDDEN");
        assert_eq!(
            body["errors"][0]["message"],
            "approving an extension needs a supervisor or administrator of the inquiry's district",
            "{body}"
        );

        // Answered without a reply to the citizen (only an internal note): no RESOLVE yet.
        let (id, _, _) = fresh(&app, "尚未答复").await;
        let mut row: entity::inquiry::ActiveModel =
            entity::inquiry::Entity::find_by_id(uuid_of(&id))
                .one(&app.state.db)
                .await
                .unwrap()
                .unwrap()
                .into();
        row.status = Set(InquiryStatus::Answered);
        row.department_id = Set(Some(fx.bureau.id));
        row.update(&app.state.db).await.unwrap();
        let offered = viewer_actions(&app, &handling, &id).await;
        assert!(!offered.contains(&"RESOLVE".to_owned()), "{offered:?}");
        assert!(
            offered.contains(&"REPLY_TO_CITIZEN".to_owned()),
            "{offered:?}"
        );
        let v = version(&app, &id).await;
        let body = try_run(
            &app,
            Some(&handling),
            "resolveInquiry",
            json!({ "inquiryId": id, "expectedVersion": v, "resolution": "已办结" }),
        )
        .await;
        assert_eq!(error_code(&body), "INVALID_TRANSITION", "{body}");
    }
);

both_backends!(
    an_approved_extension_over_national_day_counts_the_make_up_saturday,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, _, _) = fresh(&app, "案件调查需要延期").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        // Due at the end of Wed 2026-09-30 (Beijing).
        let due = chrono::DateTime::parse_from_rfc3339("2026-09-30T15:59:59Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let row = entity::inquiry::Entity::find_by_id(uuid_of(&id))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let mut m: entity::inquiry::ActiveModel = row.into();
        m.due_at = Set(Some(due));
        m.update(&app.state.db).await.unwrap();
        let requested = run(
            &app,
            Some(&supervisor),
            "requestExtension",
            json!({ "inquiryId": id, "expectedVersion": 2, "days": 3, "reason": "需调取监控" }),
        )
        .await;
        assert_eq!(
            requested["inquiry"]["dueAt"], "2026-09-30T15:59:59+00:00",
            "asking changes nothing yet"
        );
        let approved = run(
            &app,
            Some(&supervisor),
            "approveExtension",
            json!({ "inquiryId": id, "expectedVersion": 3 }),
        )
        .await;
        // Oct 1-7 are holidays: Oct 8 (Thu), Oct 9 (Fri), Sat Oct 10 (make-up working day).
        assert_eq!(approved["inquiry"]["dueAt"], "2026-10-10T15:59:59+00:00");
        let again = try_run(
            &app,
            Some(&supervisor),
            "approveExtension",
            json!({ "inquiryId": id, "expectedVersion": 4 }),
        )
        .await;
        assert_eq!(
            error_code(&again),
            "INVALID_TRANSITION",
            "nothing left to approve"
        );
    }
);

both_backends!(
    a_supervisor_refuses_an_extension_and_the_deadline_stays,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let officer = app.token(Role::Officer, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, reference, code) = fresh(&app, "案件调查申请延期被驳回").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        let requested = run(
            &app,
            Some(&officer),
            "requestExtension",
            json!({ "inquiryId": id, "expectedVersion": 2, "days": 5, "reason": "需调取监控" }),
        )
        .await;
        let due = requested["inquiry"]["dueAt"].clone();

        // The handling officer cannot refuse its own request.
        let own = try_run(
            &app,
            Some(&officer),
            "rejectExtension",
            json!({ "inquiryId": id, "expectedVersion": 3, "reason": "现有期限足够办结" }),
        )
        .await;
        assert_eq!(error_code(&own), "FORBIDDEN", "{own}");

        let refused = run(
            &app,
            Some(&supervisor),
            "rejectExtension",
            json!({ "inquiryId": id, "expectedVersion": 3, "reason": "现有期限足够办结" }),
        )
        .await;
        assert_eq!(refused["inquiry"]["dueAt"], due, "the deadline stays");
        assert_eq!(refused["inquiry"]["status"], "ASSIGNED");
        let q = "query($id: ID!) { inquiry(id: $id) { pendingExtensionDays events { kind note data } } }";
        let i = app.gql(Some(&supervisor), q, json!({ "id": id })).await;
        let i = &i["data"]["inquiry"];
        assert!(
            i["pendingExtensionDays"].is_null(),
            "the request is cleared"
        );
        let last = i["events"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "EXTENSION_REJECTED");
        assert_eq!(last["note"], "现有期限足够办结");
        assert_eq!(last["data"]["days"], 5);

        // Nothing is left to refuse, and the citizen's timeline never shows it.
        let again = try_run(
            &app,
            Some(&supervisor),
            "rejectExtension",
            json!({ "inquiryId": id, "expectedVersion": 4, "reason": "现有期限足够办结" }),
        )
        .await;
        assert_eq!(error_code(&again), "INVALID_TRANSITION");
        let t = app
            .gql(None, TRACK, json!({ "r": reference, "c": code }))
            .await;
        let kinds: Vec<&str> = t["data"]["trackInquiry"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["RECEIVED", "ASSIGNED"]);
    }
);

both_backends!(
    a_pause_stops_the_clock_and_resuming_moves_the_deadline_by_the_working_days_lost,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, _, _) = fresh(&app, "等待市民补充材料").await;
        run(&app, Some(&supervisor), "assignInquiry", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        let paused = run(
            &app,
            Some(&supervisor),
            "pauseInquiry",
            json!({ "inquiryId": id, "expectedVersion": 2, "reason": "请市民补充身份证复印件" }),
        )
        .await;
        assert_eq!(paused["inquiry"]["deadlineState"], "ON_TRACK");
        // Pretend the pause began on Tue 2026-09-29 10:00 Beijing with the deadline at the end of Wed 2026-10-14.
        let utc = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        let row = entity::inquiry::Entity::find_by_id(uuid_of(&id))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let mut m: entity::inquiry::ActiveModel = row.into();
        m.paused_at = Set(Some(utc("2026-09-29T02:00:00Z")));
        m.due_at = Set(Some(utc("2026-10-14T15:59:59Z")));
        m.update(&app.state.db).await.unwrap();
        let resumed = run(
            &app,
            Some(&supervisor),
            "resumeInquiry",
            json!({ "inquiryId": id, "expectedVersion": 3 }),
        )
        .await;
        // Working days lost: every working day from the pause day up to today (not counting today),
        // counted on the stored 2026 calendar; the deadline moves by that many working days.
        let tz = chrono_tz::Asia::Shanghai;
        let today = chrono::Utc::now().with_timezone(&tz).date_naive();
        let calendar = wenzheng::service::deadline::WorkingCalendar::load(
            &app.state.db,
            chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            today + chrono::Duration::days(400),
        )
        .await
        .unwrap();
        let mut lost = 0;
        let mut day = chrono::NaiveDate::from_ymd_opt(2026, 9, 29).unwrap();
        while day < today {
            if calendar.is_working(day) {
                lost += 1;
            }
            day = day.succ_opt().unwrap();
        }
        let expected_day = calendar
            .nth_working_day_after(chrono::NaiveDate::from_ymd_opt(2026, 10, 14).unwrap(), lost);
        let expected = wenzheng::service::deadline::end_of_day(tz, expected_day);
        let got =
            chrono::DateTime::parse_from_rfc3339(resumed["inquiry"]["dueAt"].as_str().unwrap())
                .unwrap();
        assert_eq!(
            got.with_timezone(&chrono::Utc),
            expected,
            "{lost} working days lost"
        );
        assert!(lost >= 3, "Sep 29, Sep 30 and Oct 8 at least");
    }
);

both_backends!(
    a_stale_expected_version_is_a_conflict_that_names_the_current_version,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, _, _) = fresh(&app, "版本冲突测试").await;
        let assign = json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) });
        run(&app, Some(&supervisor), "assignInquiry", assign.clone()).await;
        let stale = try_run(&app, Some(&supervisor), "assignInquiry", assign).await;
        assert_eq!(error_code(&stale), "CONFLICT", "{stale}");
        assert_eq!(
            stale["errors"][0]["extensions"]["currentVersion"], 2,
            "the form reloads from the version it is told: {stale}"
        );
        let row = entity::inquiry::Entity::find_by_id(uuid_of(&id))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.version, 2, "the stale write changed nothing");
    }
);
