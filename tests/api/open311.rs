//! The Open311 (GeoReport v2) view at `/open311/v2/`: shapes checked field by field against
//! the spec's examples, public-only data, tip-offs left out, GraphQL's scoping for tokens.

use entity::Role;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::{both_backends, both_backends_with, helpers::TestApp};

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut req = app.http.get(app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    (status, resp.json().await.expect("json body"))
}

async fn post_form(app: &TestApp, fields: &[(&str, &str)], token: Option<&str>) -> (u16, Value) {
    let mut req = app
        .http
        .post(app.url("/open311/v2/requests.json"))
        .form(fields);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    (status, resp.json().await.expect("json body"))
}

/// A complaint about noise in Duanzhou, form-encoded as the spec's clients send it.
const NOISE: &[(&str, &str)] = &[
    ("service_code", "COMPLAINT"),
    ("jurisdiction_id", "441202"),
    ("lat", "23.051234"),
    ("long", "112.484567"),
    ("address_string", "端州区天宁北路88号"),
    (
        "description",
        "天宁北路夜市噪音扰民\n每晚营业到凌晨两点，音响声音很大，住户无法休息。",
    ),
    ("first_name", "小明"),
    ("last_name", "陈"),
    ("phone", "13812345678"),
    ("email", "chen@example.com"),
];

/// Posts `fields` anonymously and returns the new `service_request_id`.
async fn submit(app: &TestApp, fields: &[(&str, &str)]) -> String {
    let (status, body) = post_form(app, fields, None).await;
    assert_eq!(status, 201, "{body}");
    body[0]["service_request_id"].as_str().unwrap().to_owned()
}

async fn set_status(app: &TestApp, reference: &str, status: entity::InquiryStatus) {
    let row = entity::inquiry::Entity::find()
        .filter(entity::inquiry::Column::Reference.eq(reference))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut m: entity::inquiry::ActiveModel = row.into();
    m.status = Set(status);
    m.update(&app.state.db).await.unwrap();
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
        .collect()
}

both_backends!(
    services_json_lists_the_four_public_kinds_and_never_tip_offs,
    |app: TestApp| async move {
        let (status, body) = get(&app, "/open311/v2/services.json", None).await;
        assert_eq!(status, 200);
        let service = |code: &str, name: &str, description: &str, keywords: &str| {
            json!({ "service_code": code, "service_name": name, "description": description,
                "metadata": false, "type": "realtime", "keywords": keywords, "group": "网络问政" })
        };
        assert_eq!(
            body,
            json!([
                service(
                    "CONSULTATION",
                    "咨询",
                    "向公安机关咨询办事流程、政策法规等问题",
                    "咨询,办事,证件,户籍,出入境"
                ),
                service(
                    "COMPLAINT",
                    "投诉",
                    "投诉民警执法、服务态度或治安问题",
                    "投诉,噪音,执法,服务态度"
                ),
                service(
                    "SUGGESTION",
                    "建议",
                    "对公安工作提出意见和建议",
                    "建议,意见,改进"
                ),
                service("PRAISE", "表扬", "表扬民警和公安工作", "表扬,感谢,锦旗"),
            ])
        );
        let (status, body) = get(&app, "/open311/v2/services/complaint.json", None).await;
        assert_eq!(
            (status, body),
            (
                200,
                json!({ "service_code": "COMPLAINT", "attributes": [] })
            )
        );
        let (status, body) = get(&app, "/open311/v2/services/REPORT.json", None).await;
        assert_eq!(
            (status, body),
            (
                404,
                json!([{ "code": 404, "description": "service not found" }])
            )
        );
    }
);

both_backends!(
    a_civic_app_posts_a_form_and_reads_back_only_the_public_fields,
    |app: TestApp| async move {
        let (status, created) = post_form(&app, NOISE, None).await;
        assert_eq!(status, 201, "{created}");
        let c = &created[0];
        let reference = c["service_request_id"].as_str().unwrap();
        let code = c["tracking_code"].as_str().unwrap();
        assert!(
            reference.starts_with("ZQ") && reference.len() == 13,
            "{reference}"
        );
        assert_eq!(c["token"], reference);
        assert_eq!(c["account_id"], Value::Null);
        assert_eq!(
            c["service_notice"],
            format!("已受理，编号 {reference}。查询码只显示这一次，请妥善保存。")
        );
        assert!(c["expected_datetime"].as_str().unwrap().ends_with("+08:00"));
        assert_eq!(created.as_array().unwrap().len(), 1);

        // The tracking code works with GraphQL tracking.
        let tracked = app
            .gql(
                None,
                "query($r: String!, $c: String!) { trackInquiry(reference: $r, trackingCode: $c) { kind status subject district { code } } }",
                json!({ "r": reference, "c": code }),
            )
            .await;
        assert_eq!(
            tracked["data"]["trackInquiry"],
            json!({ "kind": "COMPLAINT", "status": "NEW", "subject": "天宁北路夜市噪音扰民",
                "district": { "code": "441202" } })
        );

        let (status, body) = get(
            &app,
            &format!("/open311/v2/requests/{reference}.json"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let r = &body[0];
        let row = entity::inquiry::Entity::find()
            .filter(entity::inquiry::Column::Reference.eq(reference))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        // Everything the citizen sent is stored for the desk.
        assert_eq!(row.channel, entity::Channel::MobileApp);
        assert_eq!(
            row.body,
            "天宁北路夜市噪音扰民\n每晚营业到凌晨两点，音响声音很大，住户无法休息。"
        );
        assert_eq!(row.citizen_name.as_deref(), Some("陈小明"));
        assert_eq!(row.citizen_phone.as_deref(), Some("13812345678"));
        assert_eq!(row.location_text.as_deref(), Some("端州区天宁北路88号"));
        assert_eq!(
            (row.latitude, row.longitude),
            (Some(23.051234), Some(112.484567))
        );
        assert!(!row.anonymous);
        let local = |at: chrono::DateTime<chrono::Utc>| {
            at.with_timezone(&chrono_tz::Asia::Shanghai)
                .format("%Y-%m-%dT%H:%M:%S+08:00")
                .to_string()
        };
        assert_eq!(
            body,
            json!([{
                "service_request_id": reference,
                "status": "open",
                "status_notes": null,
                "service_name": "投诉",
                "service_code": "COMPLAINT",
                "description": "天宁北路夜市噪音扰民",
                "agency_responsible": null,
                "service_notice": null,
                "requested_datetime": local(row.created_at),
                "updated_datetime": local(row.updated_at),
                "expected_datetime": local(row.due_at.unwrap()),
                "address": "肇庆市端州区",
                "address_id": null,
                "zipcode": null,
                "lat": 23.051,
                "long": 112.485,
                "media_url": null,
            }])
        );
        let text = r.to_string();
        for private in ["13812345678", "陈小明", "天宁北路88号", "凌晨两点", code] {
            assert!(!text.contains(private), "{private} leaked: {text}");
        }
        // Case does not matter in an id; the tokens endpoint maps the token to it.
        let (status, _) = get(
            &app,
            &format!("/open311/v2/requests/{}.json", reference.to_lowercase()),
            None,
        )
        .await;
        assert_eq!(status, 200);
        let (status, body) = get(&app, &format!("/open311/v2/tokens/{reference}.json"), None).await;
        assert_eq!(status, 200);
        assert_eq!(
            body,
            json!([{ "service_request_id": reference, "token": reference }])
        );
    }
);

both_backends!(
    a_json_post_with_an_idempotency_key_returns_the_same_request_twice,
    |app: TestApp| async move {
        let send = || async {
            let resp = app
                .http
                .post(app.url("/open311/v2/requests.json"))
                .header("Idempotency-Key", "0b6c2a3e-8d1f-4e6a-9c1b-2f3e4d5a6b7c")
                .json(
                    &json!({ "service_code": "consultation", "lat": 23.1, "long": 112.4,
                    "description": "请问身份证丢失后在哪里补办？", "subject": "补办身份证" }),
                )
                .send()
                .await
                .unwrap();
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.unwrap())
        };
        let (s1, first) = send().await;
        let (s2, second) = send().await;
        assert_eq!((s1, s2), (201, 201), "{first} {second}");
        assert_eq!(first, second);
        let reference = first[0]["service_request_id"].as_str().unwrap();
        let (_, body) = get(
            &app,
            &format!("/open311/v2/requests/{reference}.json"),
            None,
        )
        .await;
        assert_eq!(body[0]["description"], "补办身份证");
        assert_eq!(body[0]["service_name"], "咨询");
        // No jurisdiction_id: the city takes it.
        assert_eq!(body[0]["address"], "肇庆市");
        assert_eq!(
            entity::inquiry::Entity::find()
                .all(&app.state.db)
                .await
                .unwrap()
                .len(),
            1
        );
    }
);

both_backends!(
    tip_offs_are_never_listed_returned_nor_accepted,
    |app: TestApp| async move {
        let report = app
            .gql(
                None,
                crate::helpers::SUBMIT,
                json!({ "input": { "kind": "REPORT", "channel": "MOBILE_APP", "subject": "举报赌博窝点",
                    "body": "某小区地下室有人聚众赌博。", "districtCode": "441202", "protectIdentity": true } }),
            )
            .await;
        let tip = report["data"]["submitInquiry"]["inquiry"]["reference"]
            .as_str()
            .unwrap()
            .to_owned();
        let public = submit(&app, NOISE).await;
        let (status, list) = get(&app, "/open311/v2/requests.json", None).await;
        assert_eq!(status, 200);
        assert_eq!(ids(&list), vec![public]);
        let admin = app.token(Role::Admin, &["*"]).await;
        let (_, list) = get(&app, "/open311/v2/requests.json", Some(&admin)).await;
        assert_eq!(list.as_array().unwrap().len(), 1);
        let (status, body) = get(
            &app,
            &format!("/open311/v2/requests/{tip}.json"),
            Some(&admin),
        )
        .await;
        assert_eq!(status, 404);
        assert_eq!(
            body,
            json!([{ "code": 404, "description": "service request not found" }])
        );
        let (status, body) = get(&app, &format!("/open311/v2/tokens/{tip}.json"), None).await;
        assert_eq!(
            (status, body),
            (
                404,
                json!([{ "code": 404, "description": "token not found" }])
            )
        );
        let (status, body) = post_form(
            &app,
            &[("service_code", "REPORT"), ("description", "有人贩毒")],
            None,
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(
            body,
            json!([{ "code": 400, "description": "service_code: unknown service_code REPORT" }])
        );
    }
);

both_backends!(
    the_list_filters_by_status_service_and_dates_and_pages_newest_first,
    |app: TestApp| async move {
        let a = submit(&app, NOISE).await;
        let b = submit(
            &app,
            &[
                ("service_code", "PRAISE"),
                ("description", "感谢端州分局民警帮我找回钱包"),
                ("jurisdiction_id", "441202"),
            ],
        )
        .await;
        let c = submit(
            &app,
            &[
                ("service_code", "SUGGESTION"),
                ("description", "建议在鼎湖山景区增设警务站"),
                ("jurisdiction_id", "441203"),
            ],
        )
        .await;
        set_status(&app, &b, entity::InquiryStatus::Resolved).await;
        let list = |q: &'static str| {
            let app = &app;
            async move { get(app, &format!("/open311/v2/requests.json{q}"), None).await }
        };
        assert_eq!(
            ids(&list("").await.1),
            vec![c.clone(), b.clone(), a.clone()]
        );
        assert_eq!(ids(&list("?status=closed").await.1), vec![b.clone()]);
        assert_eq!(
            ids(&list("?status=open").await.1),
            vec![c.clone(), a.clone()]
        );
        assert_eq!(
            ids(&list("?status=open,closed&service_code=PRAISE,COMPLAINT")
                .await
                .1),
            vec![b.clone(), a.clone()]
        );
        assert_eq!(
            ids(&list("?jurisdiction_id=441203").await.1),
            vec![c.clone()]
        );
        assert_eq!(
            ids(&list("?page_size=2").await.1),
            vec![c.clone(), b.clone()]
        );
        assert_eq!(ids(&list("?page_size=2&page=2").await.1), vec![a.clone()]);
        assert_eq!(
            ids(&list("?page_size=2&page=3").await.1),
            Vec::<String>::new()
        );
        let (_, by_id) = get(
            &app,
            &format!("/open311/v2/requests.json?service_request_id={a},{c}&status=closed"),
            None,
        )
        .await;
        assert_eq!(ids(&by_id), vec![c.clone(), a.clone()]);
        assert_eq!(
            ids(
                &list("?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00%2B08:00")
                    .await
                    .1
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            ids(&list("?start_date=2020-01-01&end_date=2099-12-31").await.1).len(),
            3
        );
        assert_eq!(
            ids(&list("?end_date=2020-01-01T00:00:00+08:00").await.1),
            Vec::<String>::new()
        );
        for (q, description) in [
            (
                "?page_size=101",
                "page_size: must be a whole number between 1 and 100",
            ),
            ("?page=0", "page: must be a whole number between 1 and 1000"),
            (
                "?status=pending",
                "status: expected open or closed, got pending",
            ),
            (
                "?service_code=REPORT",
                "service_code: unknown service_code REPORT",
            ),
            (
                "?start_date=yesterday",
                "start_date: expected a W3C date-time such as 2026-11-01T00:00:00+08:00, or a date 2026-11-01",
            ),
            (
                "?jurisdiction_id=999999",
                "jurisdiction_id: unknown jurisdiction 999999",
            ),
            (
                "?start_date=2026-02-01&end_date=2026-01-01",
                "end_date: must be after start_date",
            ),
        ] {
            let (status, body) = list(q).await;
            assert_eq!(
                (status, body),
                (400, json!([{ "code": 400, "description": description }])),
                "{q}"
            );
        }
    }
);

both_backends!(
    tokens_get_the_graphql_scope_a_partner_sees_only_its_own,
    |app: TestApp| async move {
        let partner = app.token(Role::Partner, &["441202"]).await;
        let (status, created) = post_form(&app, NOISE, Some(&partner)).await;
        assert_eq!(status, 201, "{created}");
        let own = created[0]["service_request_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let other = submit(&app, NOISE).await;
        let (_, list) = get(&app, "/open311/v2/requests.json", Some(&partner)).await;
        assert_eq!(ids(&list), vec![own.clone()]);
        let (status, _) = get(
            &app,
            &format!("/open311/v2/requests/{other}.json"),
            Some(&partner),
        )
        .await;
        assert_eq!(status, 404);
        let (_, list) = get(&app, "/open311/v2/requests.json", None).await;
        assert_eq!(ids(&list), vec![other.clone(), own.clone()]);
        // A Dinghu officer sees nothing of Duanzhou; a Duanzhou supervisor sees both.
        let dinghu = app.token(Role::Officer, &["441203"]).await;
        let (status, body) = get(
            &app,
            &format!("/open311/v2/requests/{own}.json"),
            Some(&dinghu),
        )
        .await;
        assert_eq!(
            (status, body),
            (
                404,
                json!([{ "code": 404, "description": "service request not found" }])
            )
        );
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let (_, list) = get(&app, "/open311/v2/requests.json", Some(&supervisor)).await;
        assert_eq!(ids(&list), vec![other, own]);
        // A partner may only submit into its own districts.
        let mut elsewhere: Vec<(&str, &str)> = NOISE.to_vec();
        elsewhere[1] = ("jurisdiction_id", "441203");
        let (status, body) = post_form(&app, &elsewhere, Some(&partner)).await;
        assert_eq!(
            (status, body),
            (
                400,
                json!([{ "code": 400, "description": "jurisdiction_id: district outside this partner's scope" }])
            )
        );
    }
);

both_backends!(
    status_notes_show_the_latest_public_reply_and_agency_the_department,
    |app: TestApp| async move {
        let reference = submit(&app, NOISE).await;
        let bureau = app.bureau_of("441202").await;
        let row = entity::inquiry::Entity::find()
            .filter(entity::inquiry::Column::Reference.eq(reference.as_str()))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        app.assign_in_db(row.id, bureau.id, None).await;
        let officer = entity::officer::Entity::find()
            .filter(entity::officer::Column::DepartmentId.eq(bureau.id))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let now = chrono::Utc::now();
        for (i, (visibility, body)) in [
            (entity::ReplyVisibility::Public, "已转辖区派出所核查。"),
            (
                entity::ReplyVisibility::Public,
                "派出所已约谈夜市经营者，营业时间调整至晚上十一点。",
            ),
            (
                entity::ReplyVisibility::Private,
                "陈先生，如仍有噪音请拨打110。",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            entity::reply::ActiveModel {
                id: Set(uuid::Uuid::now_v7()),
                inquiry_id: Set(row.id),
                officer_id: Set(officer.id),
                department_id: Set(bureau.id),
                visibility: Set(visibility),
                body: Set(body.into()),
                answer_entry_id: Set(None),
                answer_entry_version: Set(None),
                corrects_reply_id: Set(None),
                correction_reason: Set(None),
                created_at: Set(now + chrono::Duration::seconds(i as i64)),
                updated_at: Set(now + chrono::Duration::seconds(i as i64)),
            }
            .insert(&app.state.db)
            .await
            .unwrap();
        }
        let (_, body) = get(
            &app,
            &format!("/open311/v2/requests/{reference}.json"),
            None,
        )
        .await;
        assert_eq!(
            body[0]["status_notes"],
            "派出所已约谈夜市经营者，营业时间调整至晚上十一点。"
        );
        assert_eq!(body[0]["agency_responsible"], bureau.name.as_str());
        assert_eq!(body[0]["status"], "open");
        set_status(&app, &reference, entity::InquiryStatus::Merged).await;
        let (_, body) = get(
            &app,
            &format!("/open311/v2/requests.json?service_request_id={reference}"),
            None,
        )
        .await;
        assert_eq!(body[0]["status"], "closed");
        assert_eq!(body[0]["service_notice"], "已与同类诉求合并办理");
    }
);

both_backends!(
    errors_are_open311_arrays_with_the_matching_http_status,
    |app: TestApp| async move {
        let (status, body) = post_form(
            &app,
            &[("service_code", "PARKING"), ("description", "乱停车")],
            None,
        )
        .await;
        assert_eq!(
            (status, body),
            (
                400,
                json!([{ "code": 400, "description": "service_code: unknown service_code PARKING" }])
            )
        );
        let (status, body) = post_form(&app, &[("service_code", "COMPLAINT")], None).await;
        assert_eq!(
            (status, body),
            (
                400,
                json!([{ "code": 400, "description": "description: required" }])
            )
        );
        let (status, body) = post_form(
            &app,
            &[
                ("service_code", "COMPLAINT"),
                ("description", "噪音"),
                ("phone", "12345"),
            ],
            None,
        )
        .await;
        assert_eq!(status, 400);
        assert!(
            body[0]["description"]
                .as_str()
                .unwrap()
                .starts_with("phone: "),
            "{body}"
        );
        let (status, body) = post_form(
            &app,
            &[
                ("service_code", "COMPLAINT"),
                ("description", "噪音"),
                ("lat", "north"),
            ],
            None,
        )
        .await;
        assert_eq!(
            (status, body),
            (
                400,
                json!([{ "code": 400, "description": "lat: not a number" }])
            )
        );
        let (status, body) = post_form(
            &app,
            &[
                ("service_code", "COMPLAINT"),
                ("description", "噪音"),
                ("lat", "23.1"),
            ],
            None,
        )
        .await;
        assert_eq!(
            (status, body),
            (
                400,
                json!([{ "code": 400, "description": "long: required with latitude" }])
            )
        );
        let officer = app.token(Role::Officer, &["441202"]).await;
        let (status, body) = post_form(&app, NOISE, Some(&officer)).await;
        assert_eq!(
            (status, body),
            (
                403,
                json!([{ "code": 403, "description": "staff do not submit inquiries" }])
            )
        );
        let (status, body) = get(&app, "/open311/v2/requests.json", Some("not-a-jwt")).await;
        assert_eq!(status, 401);
        assert_eq!(body[0]["code"], 401);
        let (status, body) = get(&app, "/open311/v2/requests/ZQ2611-ZZZZZZ.json", None).await;
        assert_eq!(
            (status, body),
            (
                404,
                json!([{ "code": 404, "description": "service request not found" }])
            )
        );
        let (status, body) = get(&app, "/open311/v2/requests/ZQ2611-ZZZZZZ.xml", None).await;
        assert_eq!(
            (status, body),
            (
                404,
                json!([{ "code": 404, "description": "only the .json format is served (e.g. requests/ZQ2611-7K3M9Q.json)" }])
            )
        );
        let resp = app
            .http
            .delete(app.url("/open311/v2/requests.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 405);
        assert_eq!(
            resp.json::<Value>().await.unwrap(),
            json!([{ "code": 405, "description": "method not allowed: GET, or POST for requests.json" }])
        );
        let (status, body) = get(&app, "/open311/v2/services.xml", None).await;
        assert_eq!(status, 404);
        assert_eq!(body[0]["code"], 404);
    }
);

both_backends_with!(
    open311_submissions_without_a_token_share_the_anonymous_submission_limit,
    |s: &mut wenzheng::config::Settings| s.http.anonymous_submissions_per_hour = 3,
    |app: TestApp| async move {
        // One through GraphQL uses the address's burst; Open311 is not a way around it.
        app.submit(None, "441202", "护照办理").await;
        let resp = app
            .http
            .post(app.url("/open311/v2/requests.json"))
            .form(NOISE)
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status().as_u16(), 429);
        let retry: u64 = resp.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1190..=1200).contains(&retry), "Retry-After {retry}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body[0]["code"], 429, "{body}");
        // A citizen's token is not capped.
        let citizen = app.token(Role::Citizen, &[]).await;
        let (status, body) = post_form(&app, NOISE, Some(&citizen)).await;
        assert_eq!(status, 201, "{body}");
    }
);
