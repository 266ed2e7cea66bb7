//! What the citizen reads when following an inquiry: the result, earlier results sent back,
//! a timeline in plain words, replies with their corrections, with the tracking code or
//! their own token.

use entity::Role;
use serde_json::{Value, json};
use wenzheng::auth::issue::TokenRequest;

use crate::{
    both_backends,
    helpers::{TestApp, error_code, gid},
};

const TRACK: &str = r#"query($r: String!, $c: String) { trackInquiry(reference: $r, trackingCode: $c) {
  status mergedIntoReference resolution rejectionReason
  result { kind text at superseded supersededAt }
  previousResults { kind text superseded supersededAt }
  events { id kind description note }
  replies { id body isCorrection correctionReason corrects { id } correctedBy { id } } } }"#;

/// Runs a mutation (`inquiry { version }` selected) and returns its payload.
async fn run(app: &TestApp, token: &str, mutation: &str, ty: &str, input: Value) -> Value {
    let extra = if mutation == "replyToInquiry" || mutation == "correctReply" {
        "reply { id }"
    } else {
        ""
    };
    let q = format!(
        "mutation($input: {ty}!) {{ {mutation}(input: $input) {{ inquiry {{ version }} {extra} }} }}"
    );
    let body = app.gql(Some(token), &q, json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{mutation}: {body}");
    body["data"][mutation].clone()
}

async fn track(app: &TestApp, token: Option<&str>, reference: &str, code: Option<&str>) -> Value {
    app.gql(token, TRACK, json!({ "r": reference, "c": code }))
        .await
}

fn descriptions(t: &Value) -> Vec<String> {
    t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap().to_owned())
        .collect()
}

async fn citizen(app: &TestApp, sub: &str) -> String {
    app.token_with(TokenRequest {
        role: Role::Citizen,
        districts: vec![],
        department: None,
        sub: Some(sub.into()),
        partner: None,
        ttl_seconds: 600,
    })
    .await
}

/// Submitted anonymously in Duanzhou, assigned to its bureau and answered in public:
/// (id, reference, code, reply id, version).
async fn answered(app: &TestApp, supervisor: &str) -> (String, String, String, String, i64) {
    let bureau = app.bureau_of("441202").await;
    let p = app.submit(None, "441202", "身份证丢失如何补办").await;
    let id = p["inquiry"]["id"].as_str().unwrap().to_owned();
    let reference = p["inquiry"]["reference"].as_str().unwrap().to_owned();
    let code = p["trackingCode"].as_str().unwrap().to_owned();
    run(app, supervisor, "assignInquiry", "AssignInquiryInput", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
    let r = run(app, supervisor, "replyToInquiry", "ReplyToInquiryInput", json!({ "inquiryId": id, "expectedVersion": 2, "visibility": "PUBLIC", "body": "您好，请携带户口簿到户政窗口补办。" })).await;
    let reply = r["reply"]["id"].as_str().unwrap().to_owned();
    (id, reference, code, reply, 3)
}

both_backends!(
    the_citizen_reads_the_result_and_a_timeline_in_plain_words,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let (id, reference, code, reply, v) = answered(&app, &supervisor).await;
        let c = run(&app, &supervisor, "correctReply", "CorrectReplyInput", json!({ "replyId": reply, "expectedVersion": v, "body": "您好，请携带户口簿和照片到户政窗口补办。", "reason": "漏写了照片" })).await;
        let correction = c["reply"]["id"].as_str().unwrap().to_owned();
        run(
            &app,
            &supervisor,
            "resolveInquiry",
            "ResolveInquiryInput",
            json!({ "inquiryId": id, "expectedVersion": v + 1, "resolution": "已告知补办流程" }),
        )
        .await;

        let t = track(&app, None, &reference, Some(&code)).await;
        let t = &t["data"]["trackInquiry"];
        assert_eq!(t["status"], "RESOLVED");
        assert_eq!(t["resolution"], "已告知补办流程");
        assert!(t["rejectionReason"].is_null());
        assert_eq!(t["result"]["kind"], "RESOLVED");
        assert_eq!(t["result"]["text"], "已告知补办流程");
        assert_eq!(t["result"]["superseded"], false);
        assert_eq!(t["previousResults"], json!([]));
        assert_eq!(
            descriptions(t),
            [
                format!("已收到您的咨询，受理编号 {reference}"),
                format!("已交由{}办理", bureau.name),
                "已公开答复".to_owned(),
                "更正了此前的答复".to_owned(),
                "已办结，并告知处理结果".to_owned(),
            ]
        );
        assert_eq!(t["events"][3]["note"], "漏写了照片");
        assert_eq!(t["events"][4]["note"], "已告知补办流程");
        assert!(t["events"][0]["id"].is_string());

        // Replies carry their ids and point at each other.
        let replies = t["replies"].as_array().unwrap();
        assert_eq!(replies.len(), 2);
        assert_eq!(replies[0]["id"], reply.as_str());
        assert_eq!(replies[0]["correctedBy"]["id"], correction.as_str());
        assert!(replies[0]["corrects"].is_null());
        assert_eq!(replies[1]["id"], correction.as_str());
        assert_eq!(replies[1]["corrects"]["id"], reply.as_str());
        assert!(replies[1]["correctedBy"].is_null());
        assert_eq!(replies[1]["correctionReason"], "漏写了照片");
    }
);

both_backends!(
    after_an_unsatisfied_rating_the_earlier_result_is_shown_as_superseded,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let (id, reference, code, _, v) = answered(&app, &supervisor).await;
        run(
            &app,
            &supervisor,
            "resolveInquiry",
            "ResolveInquiryInput",
            json!({ "inquiryId": id, "expectedVersion": v, "resolution": "已调解" }),
        )
        .await;
        let rated = app.gql(None, "mutation($input: RateInquiryInput!) { rateInquiry(input: $input) { status } }", json!({ "input": { "reference": reference, "trackingCode": code, "satisfaction": "UNSATISFIED", "reason": "噪音仍然存在" } })).await;
        assert_eq!(
            rated["data"]["rateInquiry"]["status"], "REOPENED",
            "{rated}"
        );

        let t = track(&app, None, &reference, Some(&code)).await;
        let t = &t["data"]["trackInquiry"];
        assert_eq!(t["status"], "REOPENED");
        assert!(
            t["result"].is_null(),
            "no result stands while it is handled again"
        );
        assert!(t["resolution"].is_null());
        assert_eq!(t["previousResults"][0]["text"], "已调解");
        assert_eq!(t["previousResults"][0]["kind"], "RESOLVED");
        assert_eq!(t["previousResults"][0]["superseded"], true);
        assert!(t["previousResults"][0]["supersededAt"].is_string());
        assert_eq!(
            descriptions(t).last().unwrap(),
            "您对处理结果不满意，已重新办理"
        );

        // Handled again: the new result stands, the old one stays in the history.
        let staff = "query($id: ID!) { inquiry(id: $id) { version resolution } }";
        let i = app.gql(Some(&supervisor), staff, json!({ "id": id })).await;
        assert!(
            i["data"]["inquiry"]["resolution"].is_null(),
            "reopening clears the result"
        );
        let v = i["data"]["inquiry"]["version"].as_i64().unwrap();
        run(&app, &supervisor, "replyToInquiry", "ReplyToInquiryInput", json!({ "inquiryId": id, "expectedVersion": v, "visibility": "PRIVATE", "body": "已再次上门处理。" })).await;
        run(
            &app,
            &supervisor,
            "resolveInquiry",
            "ResolveInquiryInput",
            json!({ "inquiryId": id, "expectedVersion": v + 1, "resolution": "已责令整改并复查" }),
        )
        .await;
        let t = track(&app, None, &reference, Some(&code)).await;
        let t = &t["data"]["trackInquiry"];
        assert_eq!(t["resolution"], "已责令整改并复查");
        assert_eq!(t["result"]["superseded"], false);
        assert_eq!(t["previousResults"].as_array().unwrap().len(), 1);
        assert_eq!(t["previousResults"][0]["text"], "已调解");
    }
);

both_backends!(
    a_rejected_inquiry_tells_the_citizen_why,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let p = app.submit(None, "441202", "咨询外省户口迁移").await;
        let (id, reference, code) = (
            p["inquiry"]["id"].as_str().unwrap(),
            p["inquiry"]["reference"].as_str().unwrap(),
            p["trackingCode"].as_str().unwrap(),
        );
        run(&app, &supervisor, "rejectInquiry", "InquiryReasonInput", json!({ "inquiryId": id, "expectedVersion": 1, "reason": "不属于公安机关职责范围，请咨询民政部门" })).await;
        let t = track(&app, None, reference, Some(code)).await;
        let t = &t["data"]["trackInquiry"];
        assert_eq!(t["status"], "REJECTED");
        assert_eq!(
            t["rejectionReason"],
            "不属于公安机关职责范围，请咨询民政部门"
        );
        assert!(t["resolution"].is_null());
        assert_eq!(t["result"]["kind"], "REJECTED");
        assert_eq!(descriptions(t).last().unwrap(), "不予受理");
    }
);

both_backends!(
    a_transfer_reads_as_handed_to_the_receiving_bureau,
    |app: TestApp| async move {
        let duanzhou = app.token(Role::Supervisor, &["441202"]).await;
        let gaoyao = app.token(Role::Supervisor, &["441204"]).await;
        let gaoyao_bureau = app.bureau_of("441204").await;
        let p = app.submit(None, "441202", "高要区路口信号灯故障").await;
        let (id, reference, code) = (
            p["inquiry"]["id"].as_str().unwrap(),
            p["inquiry"]["reference"].as_str().unwrap(),
            p["trackingCode"].as_str().unwrap(),
        );
        let duanzhou_bureau = app.bureau_of("441202").await;
        run(&app, &duanzhou, "assignInquiry", "AssignInquiryInput", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", duanzhou_bureau.id) })).await;
        run(&app, &duanzhou, "transferInquiry", "TransferInquiryInput", json!({ "inquiryId": id, "expectedVersion": 2, "departmentId": gid("Department", gaoyao_bureau.id), "reason": "事发地属高要区" })).await;
        run(
            &app,
            &gaoyao,
            "acceptTransfer",
            "InquiryVersionInput",
            json!({ "inquiryId": id, "expectedVersion": 3 }),
        )
        .await;
        let t = track(&app, None, reference, Some(code)).await;
        let said = descriptions(&t["data"]["trackInquiry"]);
        assert_eq!(
            said.last().unwrap(),
            &format!("已转交{}办理", gaoyao_bureau.name)
        );
        assert!(
            !said.iter().any(|d| d.contains("事发地")),
            "the internal reason stays internal: {said:?}"
        );
    }
);

both_backends!(
    a_citizen_follows_their_own_inquiry_with_their_token_alone,
    |app: TestApp| async move {
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let bureau = app.bureau_of("441202").await;
        let owner = citizen(&app, "app-owner").await;
        let other = citizen(&app, "app-other").await;
        let p = app.submit(Some(&owner), "441202", "出入境证件办理").await;
        let id = p["inquiry"]["id"].as_str().unwrap();
        let reference = p["inquiry"]["reference"].as_str().unwrap();
        run(&app, &supervisor, "assignInquiry", "AssignInquiryInput", json!({ "inquiryId": id, "expectedVersion": 1, "departmentId": gid("Department", bureau.id) })).await;
        run(&app, &supervisor, "replyToInquiry", "ReplyToInquiryInput", json!({ "inquiryId": id, "expectedVersion": 2, "visibility": "PRIVATE", "body": "您的证件已可领取。" })).await;

        let mine = track(&app, Some(&owner), reference, None).await;
        assert!(mine.get("errors").is_none(), "{mine}");
        let mine = &mine["data"]["trackInquiry"];
        assert_eq!(mine["status"], "ANSWERED");
        assert_eq!(descriptions(mine).last().unwrap(), "已答复您（仅您可见）");
        assert_eq!(mine["replies"][0]["body"], "您的证件已可领取。");

        // The same entries as the inquiry's own timeline for that token (one rule).
        let q = "query($id: ID!) { inquiry(id: $id) { events { kind } } }";
        let own = app.gql(Some(&owner), q, json!({ "id": id })).await;
        let kinds = |events: &Value| -> Vec<String> {
            events
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["kind"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(
            kinds(&mine["events"]),
            kinds(&own["data"]["inquiry"]["events"])
        );

        // Another citizen learns nothing; without a token the code is required.
        let theirs = track(&app, Some(&other), reference, None).await;
        assert_eq!(theirs, json!({ "data": { "trackInquiry": null } }));
        let anonymous = track(&app, None, reference, None).await;
        assert_eq!(error_code(&anonymous), "BAD_USER_INPUT");
        assert_eq!(
            anonymous["errors"][0]["extensions"]["field"],
            "trackingCode"
        );
        let staff = track(&app, Some(&supervisor), reference, None).await;
        assert_eq!(error_code(&staff), "BAD_USER_INPUT");
    }
);
