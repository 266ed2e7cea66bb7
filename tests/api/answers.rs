//! The answer library (口徑庫) end to end: the review cycle by role, placeholders,
//! who may read it, and replies that quote approved wording.

use chrono::Datelike;
use entity::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use wenzheng::auth::issue::TokenRequest;

use crate::{
    both_backends,
    helpers::{TestApp, error_code, gid, refused_code, uuid_of},
};

const ENTRY: &str = "id title question answer category keywords status version approvedVersion
  approvedAnswer serving hasUnapprovedRevision useCount placeholders approvedAt retiredAt
  author { dutyName } approvedBy { dutyName } department { name }
  versions { version answer author { dutyName } }";

const EXPERT: &str = "出入境小陈";
const OTHER_EXPERT: &str = "户政小冯";
const SPOKESPERSON: &str = "平安肇庆小琳";
const ADMIN: &str = "平安肇庆发言人老梁";
const OFFICER: &str = "端州警官小李";

/// A token for the named officer, in the given role.
async fn token_for(app: &TestApp, duty_name: &str, role: Role) -> String {
    let officer = entity::officer::Entity::find()
        .filter(entity::officer::Column::DutyName.eq(duty_name))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no officer {duty_name}"));
    app.token_with(TokenRequest {
        role,
        districts: Vec::new(),
        department: None,
        sub: Some(officer.badge_number),
        partner: None,
        ttl_seconds: 600,
    })
    .await
}

/// Runs a library mutation; returns the whole response body.
async fn try_mutate(app: &TestApp, token: Option<&str>, mutation: &str, input: Value) -> Value {
    let ty = match mutation {
        "createAnswerEntry" => "CreateAnswerEntryInput",
        "reviseAnswerEntry" => "ReviseAnswerEntryInput",
        _ => "AnswerEntryActionInput",
    };
    let q = format!(
        "mutation($input: {ty}!) {{ {mutation}(input: $input) {{ entry {{ {ENTRY} }} }} }}"
    );
    app.gql(token, &q, json!({ "input": input })).await
}

/// Runs a library mutation and returns the entry, panicking on errors.
async fn mutate(app: &TestApp, token: &str, mutation: &str, input: Value) -> Value {
    let body = try_mutate(app, Some(token), mutation, input).await;
    assert!(body.get("errors").is_none(), "{mutation}: {body}");
    body["data"][mutation]["entry"].clone()
}

fn act(entry: &Value) -> Value {
    json!({ "entryId": entry["id"], "expectedVersion": entry["version"] })
}

fn passport(answer: &str) -> Value {
    json!({
        "title": "护照换发所需材料",
        "question": "护照快过期了，怎么换新的？",
        "answer": answer,
        "category": "出入境",
        "keywords": ["护照", "换发，到期", "护照"]
    })
}

/// An entry written by the expert and approved by the spokesperson.
async fn approved(app: &TestApp, answer: &str) -> Value {
    let expert = token_for(app, EXPERT, Role::Officer).await;
    let spokesperson = token_for(app, SPOKESPERSON, Role::Officer).await;
    let draft = mutate(app, &expert, "createAnswerEntry", passport(answer)).await;
    let review = mutate(app, &expert, "submitAnswerForReview", act(&draft)).await;
    mutate(app, &spokesperson, "approveAnswerEntry", act(&review)).await
}

fn field(body: &Value) -> &str {
    body["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or("<none>")
}

both_backends!(
    an_experts_draft_is_approved_by_a_spokesperson_revised_and_retired,
    |app: TestApp| async move {
        let expert = token_for(&app, EXPERT, Role::Officer).await;
        let other_expert = token_for(&app, OTHER_EXPERT, Role::Officer).await;
        let spokesperson = token_for(&app, SPOKESPERSON, Role::Officer).await;
        let officer = token_for(&app, OFFICER, Role::Officer).await;
        let v1 = "您好！换发护照请携带身份证到出入境大厅办理，问政编号{{reference}}。";

        let refused = try_mutate(&app, Some(&officer), "createAnswerEntry", passport(v1)).await;
        assert_eq!(
            error_code(&refused),
            "FORBIDDEN",
            "only experts and admins write"
        );

        let draft = mutate(&app, &expert, "createAnswerEntry", passport(v1)).await;
        assert_eq!(draft["status"], "DRAFT");
        assert_eq!(draft["version"], 1);
        assert_eq!(draft["keywords"], json!(["护照", "换发", "到期"]));
        assert_eq!(draft["placeholders"], json!(["reference"]));
        assert_eq!(draft["author"]["dutyName"], EXPERT);
        assert_eq!(draft["department"]["name"], "出入境管理支队");
        assert_eq!(draft["serving"], false);
        assert!(draft["approvedVersion"].is_null() && draft["approvedAnswer"].is_null());
        assert_eq!(
            draft["versions"],
            json!([{ "version": 1, "answer": v1, "author": { "dutyName": EXPERT } }])
        );

        let early = try_mutate(&app, Some(&spokesperson), "approveAnswerEntry", act(&draft)).await;
        assert_eq!(
            error_code(&early),
            "INVALID_TRANSITION",
            "a draft is submitted first"
        );
        let pushy = try_mutate(
            &app,
            Some(&other_expert),
            "submitAnswerForReview",
            act(&draft),
        )
        .await;
        assert_eq!(
            error_code(&pushy),
            "FORBIDDEN",
            "a colleague's draft is not ours to submit"
        );
        let review = mutate(&app, &expert, "submitAnswerForReview", act(&draft)).await;
        assert_eq!(review["status"], "IN_REVIEW");

        for (token, why) in [(&expert, "the author"), (&officer, "an officer")] {
            let body = try_mutate(&app, Some(token), "approveAnswerEntry", act(&review)).await;
            assert_eq!(error_code(&body), "FORBIDDEN", "{why} cannot approve");
        }
        let stale = try_mutate(
            &app,
            Some(&spokesperson),
            "approveAnswerEntry",
            json!({ "entryId": review["id"], "expectedVersion": 2 }),
        )
        .await;
        assert_eq!(error_code(&stale), "CONFLICT");
        let ok = mutate(&app, &spokesperson, "approveAnswerEntry", act(&review)).await;
        assert_eq!(ok["status"], "APPROVED");
        assert_eq!(ok["approvedVersion"], 1);
        assert_eq!(ok["approvedAnswer"], v1);
        assert_eq!(ok["approvedBy"]["dutyName"], SPOKESPERSON);
        assert!(ok["approvedAt"].is_string());
        assert_eq!(ok["serving"], true);
        assert_eq!(ok["hasUnapprovedRevision"], false);
        let twice = try_mutate(&app, Some(&spokesperson), "approveAnswerEntry", act(&ok)).await;
        assert_eq!(error_code(&twice), "INVALID_TRANSITION");

        // A revision by another expert: the approved version keeps serving meanwhile.
        let v2 = "您好！换发护照无需回户籍地，请携带身份证到就近出入境大厅办理，问政编号{{reference}}，{{dueDate}}前办结。";
        let revise = json!({ "entryId": ok["id"], "expectedVersion": 1, "answer": v2 });
        let revised = mutate(&app, &other_expert, "reviseAnswerEntry", revise.clone()).await;
        assert_eq!(revised["status"], "DRAFT");
        assert_eq!(revised["version"], 2);
        assert_eq!(revised["answer"], v2);
        assert_eq!(
            revised["title"], "护照换发所需材料",
            "omitted fields are kept"
        );
        assert_eq!(revised["approvedVersion"], 1);
        assert_eq!(revised["approvedAnswer"], v1, "still serving version 1");
        assert_eq!(revised["serving"], true);
        assert_eq!(revised["hasUnapprovedRevision"], true);
        assert_eq!(revised["placeholders"], json!(["reference", "dueDate"]));
        assert_eq!(
            revised["versions"],
            json!([
                { "version": 1, "answer": v1, "author": { "dutyName": EXPERT } },
                { "version": 2, "answer": v2, "author": { "dutyName": OTHER_EXPERT } },
            ])
        );
        let again = try_mutate(&app, Some(&other_expert), "reviseAnswerEntry", revise).await;
        assert_eq!(
            error_code(&again),
            "CONFLICT",
            "expectedVersion 1 is stale now"
        );
        let same = try_mutate(
            &app,
            Some(&other_expert),
            "reviseAnswerEntry",
            json!({ "entryId": ok["id"], "expectedVersion": 2, "answer": v2 }),
        )
        .await;
        assert_eq!(
            error_code(&same),
            "BAD_USER_INPUT",
            "a revision must change something"
        );

        // The reviser submits, and as the revision's author may not approve it.
        let in_review = mutate(&app, &other_expert, "submitAnswerForReview", act(&revised)).await;
        let own = try_mutate(
            &app,
            Some(&other_expert),
            "approveAnswerEntry",
            act(&in_review),
        )
        .await;
        assert_eq!(error_code(&own), "FORBIDDEN");
        let v2_ok = mutate(&app, &spokesperson, "approveAnswerEntry", act(&in_review)).await;
        assert_eq!(v2_ok["approvedVersion"], 2);
        assert_eq!(v2_ok["approvedAnswer"], v2);

        let not_yours = try_mutate(&app, Some(&expert), "retireAnswerEntry", act(&v2_ok)).await;
        assert_eq!(
            error_code(&not_yours),
            "FORBIDDEN",
            "experts do not retire wording"
        );
        let retired = mutate(&app, &spokesperson, "retireAnswerEntry", act(&v2_ok)).await;
        assert_eq!(retired["status"], "RETIRED");
        assert!(retired["retiredAt"].is_string());
        assert_eq!(retired["serving"], false);
        let on_retired = [
            (
                &expert,
                "reviseAnswerEntry",
                json!({ "entryId": retired["id"], "expectedVersion": 2, "title": "新标题" }),
            ),
            (&expert, "submitAnswerForReview", act(&retired)),
            (&spokesperson, "approveAnswerEntry", act(&retired)),
            (&spokesperson, "retireAnswerEntry", act(&retired)),
        ];
        for (token, m, input) in on_retired {
            let body = try_mutate(&app, Some(token), m, input).await;
            assert_eq!(
                error_code(&body),
                "INVALID_TRANSITION",
                "{m} on a retired entry: {body}"
            );
        }

        // Every committed step is announced in the outbox.
        let announced = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Event.starts_with("answer_entry."))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(
            announced, 7,
            "created, submitted, approved, revised, submitted, approved, retired; nothing refused"
        );
    }
);

both_backends!(
    an_administrator_may_write_and_approve_but_not_their_own_wording,
    |app: TestApp| async move {
        let admin = token_for(&app, ADMIN, Role::Admin).await;
        let spokesperson = token_for(&app, SPOKESPERSON, Role::Officer).await;
        let draft = mutate(
            &app,
            &admin,
            "createAnswerEntry",
            passport("您好！请到出入境大厅办理。"),
        )
        .await;
        assert_eq!(
            draft["department"]["name"], "警察公共关系科",
            "the author's department by default"
        );
        let review = mutate(&app, &admin, "submitAnswerForReview", act(&draft)).await;
        let own = try_mutate(&app, Some(&admin), "approveAnswerEntry", act(&review)).await;
        assert_eq!(error_code(&own), "FORBIDDEN");
        let ok = mutate(&app, &spokesperson, "approveAnswerEntry", act(&review)).await;
        assert_eq!(ok["status"], "APPROVED");

        // An expert's entry for another department, approved by the admin.
        let expert = token_for(&app, EXPERT, Role::Officer).await;
        let hukou = entity::department::Entity::find()
            .filter(entity::department::Column::Name.eq("户政管理支队"))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let mut input = passport("您好！户口迁移请咨询户政窗口。");
        input["departmentId"] = json!(gid("Department", hukou.id));
        let other = mutate(&app, &expert, "createAnswerEntry", input).await;
        assert_eq!(other["department"]["name"], "户政管理支队");
        let other = mutate(&app, &expert, "submitAnswerForReview", act(&other)).await;
        let other = mutate(&app, &admin, "approveAnswerEntry", act(&other)).await;
        assert_eq!(other["approvedBy"]["dutyName"], ADMIN);
    }
);

both_backends!(
    wording_with_an_unknown_or_malformed_placeholder_is_refused_on_the_answer_field,
    |app: TestApp| async move {
        let expert = token_for(&app, EXPERT, Role::Officer).await;
        for (answer, needle) in [
            ("您好！请拨打{{phone}}咨询。", "{{phone}}"),
            ("您好！问政编号{{reference。", "not closed"),
            ("您好！问政编号reference}}。", "closes no placeholder"),
            ("您好！{{}}", "empty placeholder"),
        ] {
            let body = try_mutate(&app, Some(&expert), "createAnswerEntry", passport(answer)).await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{answer}: {body}");
            assert_eq!(field(&body), "answer");
            let message = body["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(needle), "{message}");
        }
        let ok = mutate(
            &app,
            &expert,
            "createAnswerEntry",
            passport("您好！{{dutyName}}为您解答。"),
        )
        .await;
        let body = try_mutate(
            &app,
            Some(&expert),
            "reviseAnswerEntry",
            json!({ "entryId": ok["id"], "expectedVersion": 1, "answer": "请于{{deadline}}前补交" }),
        )
        .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
        assert_eq!(field(&body), "answer");
        let count = entity::answer_entry_version::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(count, 1, "nothing refused was stored");
    }
);

both_backends!(
    citizens_partners_and_the_public_cannot_read_the_library,
    |app: TestApp| async move {
        let entry = approved(&app, "您好！请到出入境大厅办理。").await;
        let citizen = app.token(Role::Citizen, &[]).await;
        let partner = app.token(Role::Partner, &["441202"]).await;
        let list = "{ answerEntries(first: 10) { totalCount nodes { id title } } }";
        let one = "query($id: ID!) { answerEntry(id: $id) { title } }";
        let node =
            "query($id: ID!) { node(id: $id) { id ... on AnswerEntry { title approvedAnswer } } }";
        for token in [None, Some(citizen.as_str()), Some(partner.as_str())] {
            let body = app.gql(token, list, json!({})).await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
            let body = app.gql(token, one, json!({ "id": entry["id"] })).await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
            let body = app.gql(token, node, json!({ "id": entry["id"] })).await;
            assert!(body.get("errors").is_none(), "{body}");
            assert!(body["data"]["node"].is_null(), "node hides it: {body}");
            let body = try_mutate(&app, token, "createAnswerEntry", passport("您好")).await;
            assert_eq!(error_code(&body), refused_code(token));
        }

        // Any officer reads it, to reply with it.
        let officer = token_for(&app, OFFICER, Role::Officer).await;
        let body = app.gql(Some(&officer), list, json!({})).await;
        assert_eq!(body["data"]["answerEntries"]["totalCount"], 1, "{body}");
        let body = app
            .gql(Some(&officer), node, json!({ "id": entry["id"] }))
            .await;
        assert_eq!(body["data"]["node"]["title"], "护照换发所需材料");
        assert_eq!(
            body["data"]["node"]["approvedAnswer"],
            "您好！请到出入境大厅办理。"
        );
    }
);

both_backends!(
    the_library_list_filters_and_pages_with_a_total_count,
    |app: TestApp| async move {
        let expert = token_for(&app, EXPERT, Role::Officer).await;
        approved(&app, "您好！护照换发请到出入境大厅。").await;
        for i in 0..3 {
            let mut input = passport(&format!("您好！第{i}条草稿。"));
            input["category"] = json!("户政");
            input["title"] = json!(format!("户口迁移草稿{i}"));
            mutate(&app, &expert, "createAnswerEntry", input).await;
        }
        let q = "query($first: Int!, $after: String, $filter: AnswerEntryFilterInput) {
          answerEntries(first: $first, after: $after, filter: $filter) {
            totalCount pageInfo { hasNextPage endCursor } nodes { title status } } }";
        let page = |first: i64, after: Value, filter: Value| {
            let app = &app;
            let expert = expert.clone();
            async move {
                let body = app
                    .gql(
                        Some(&expert),
                        q,
                        json!({ "first": first, "after": after, "filter": filter }),
                    )
                    .await;
                assert!(body.get("errors").is_none(), "{body}");
                body["data"]["answerEntries"].clone()
            }
        };
        let all = page(2, Value::Null, Value::Null).await;
        assert_eq!(all["totalCount"], 4);
        assert_eq!(all["nodes"][0]["title"], "户口迁移草稿2", "newest first");
        assert_eq!(all["pageInfo"]["hasNextPage"], true);
        let rest = page(10, all["pageInfo"]["endCursor"].clone(), Value::Null).await;
        assert_eq!(rest["nodes"].as_array().unwrap().len(), 2);
        assert_eq!(rest["nodes"][1]["title"], "护照换发所需材料");
        assert_eq!(rest["pageInfo"]["hasNextPage"], false);

        let f = page(
            10,
            Value::Null,
            json!({ "category": "户政", "text": "草稿1" }),
        )
        .await;
        assert_eq!(f["totalCount"], 1);
        assert_eq!(f["nodes"][0]["title"], "户口迁移草稿1");
        let f = page(10, Value::Null, json!({ "status": ["APPROVED"] })).await;
        assert_eq!(f["totalCount"], 1);
        let f = page(10, Value::Null, json!({ "serving": false })).await;
        assert_eq!(f["totalCount"], 3);
        let f = page(10, Value::Null, json!({ "text": "100%" })).await;
        assert_eq!(f["totalCount"], 0, "LIKE wildcards match literally");
    }
);

both_backends!(
    a_page_of_entries_with_authors_departments_and_versions_costs_a_constant_number_of_statements,
    |app: TestApp| async move {
        let expert = token_for(&app, EXPERT, Role::Officer).await;
        for i in 0..12 {
            let mut input = passport(&format!("您好！第{i}条。"));
            input["title"] = json!(format!("条目{i}"));
            mutate(&app, &expert, "createAnswerEntry", input).await;
        }
        let q = "query($first: Int!) { answerEntries(first: $first) { edges { node {
          title author { dutyName department { name } } approvedBy { dutyName } department { name }
          approvedAnswer versions { version author { dutyName } } } } } }";
        let mut costs = Vec::new();
        for first in [2, 12] {
            app.refresh_officer_cache(&expert).await;
            let before = app.state.statements.get();
            let body = app.gql(Some(&expert), q, json!({ "first": first })).await;
            assert!(body.get("errors").is_none(), "{body}");
            costs.push(app.state.statements.get() - before);
        }
        assert_eq!(
            costs[0], costs[1],
            "statements must not grow with the page size"
        );
        assert!(costs[1] <= 5, "{} statements for a page of 12", costs[1]);
    }
);

/// An inquiry in Duanzhou assigned to its bureau: (global id, reference, inquiry row).
async fn assigned_inquiry(
    app: &TestApp,
    subject: &str,
) -> (String, String, entity::inquiry::Model) {
    let p = app.submit(None, "441202", subject).await;
    let id = p["inquiry"]["id"].as_str().unwrap().to_owned();
    let bureau = app.bureau_of("441202").await;
    app.assign_in_db(uuid_of(&id), bureau.id, None).await;
    let row = entity::inquiry::Entity::find_by_id(uuid_of(&id))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    (
        id,
        p["inquiry"]["reference"].as_str().unwrap().to_owned(),
        row,
    )
}

const REPLY: &str = r#"mutation($input: ReplyToInquiryInput!) { replyToInquiry(input: $input) {
  inquiry { version status } reply { body answerEntryId answerEntryVersion answerEntry { title useCount } signedBy { dutyName } } } }"#;

async fn use_count(app: &TestApp, entry: &Value) -> i32 {
    entity::answer_entry::Entity::find_by_id(uuid_of(entry["id"].as_str().unwrap()))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .use_count
}

both_backends!(
    a_reply_from_an_approved_entry_renders_the_inquirys_values_and_cites_the_version,
    |app: TestApp| async move {
        let template = "您好！您的问政编号为{{reference}}，由{{department}}{{dutyName}}负责办理，将于{{dueDate}}前办结（{{districtName}}）。";
        let entry = approved(&app, template).await;
        let (id, reference, row) = assigned_inquiry(&app, "护照到期如何换发").await;
        let officer = token_for(&app, OFFICER, Role::Officer).await;

        let body = app
            .gql(
                Some(&officer),
                REPLY,
                json!({ "input": { "inquiryId": id, "expectedVersion": row.version, "visibility": "PUBLIC", "answerEntryId": entry["id"] } }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let r = &body["data"]["replyToInquiry"];
        let due = row
            .due_at
            .unwrap()
            .with_timezone(&chrono_tz::Asia::Shanghai)
            .date_naive();
        let expected = format!(
            "您好！您的问政编号为{reference}，由端州分局端州警官小李负责办理，将于{}年{}月{}日前办结（端州区）。",
            due.year(),
            due.month(),
            due.day()
        );
        assert_eq!(r["reply"]["body"], expected.as_str());
        assert_eq!(r["reply"]["answerEntryId"], entry["id"]);
        assert_eq!(r["reply"]["answerEntryVersion"], 1);
        assert_eq!(
            r["reply"]["answerEntry"],
            json!({ "title": "护照换发所需材料", "useCount": 1 })
        );
        assert_eq!(r["inquiry"]["status"], "ANSWERED");
        assert_eq!(use_count(&app, &entry).await, 1);

        // The officer adapts the wording: sent as written, still cited and counted.
        let edited = "您好！护照换发请携带身份证到端州出入境大厅办理。";
        let body = app
            .gql(
                Some(&officer),
                REPLY,
                json!({ "input": { "inquiryId": id, "expectedVersion": r["inquiry"]["version"], "visibility": "PRIVATE", "body": edited, "answerEntryId": entry["id"] } }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let r = &body["data"]["replyToInquiry"]["reply"];
        assert_eq!(r["body"], edited);
        assert_eq!(r["answerEntryVersion"], 1);
        assert_eq!(use_count(&app, &entry).await, 2);
    }
);

both_backends!(
    a_reply_quotes_the_approved_version_while_a_revision_waits_for_review,
    |app: TestApp| async move {
        let entry = approved(&app, "旧口径：编号{{reference}}。").await;
        let expert = token_for(&app, EXPERT, Role::Officer).await;
        let spokesperson = token_for(&app, SPOKESPERSON, Role::Officer).await;
        let officer = token_for(&app, OFFICER, Role::Officer).await;
        let revised = mutate(
            &app,
            &expert,
            "reviseAnswerEntry",
            json!({ "entryId": entry["id"], "expectedVersion": 1, "answer": "新口径：编号{{reference}}。" }),
        )
        .await;
        let (id, reference, row) = assigned_inquiry(&app, "护照换发").await;
        let reply = |version: i64, expected_version: Value| {
            let (app, officer, id, entry) = (&app, officer.clone(), id.clone(), entry.clone());
            async move {
                let body = app
                    .gql(
                        Some(&officer),
                        REPLY,
                        json!({ "input": { "inquiryId": id, "expectedVersion": expected_version, "visibility": "PUBLIC", "answerEntryId": entry["id"] } }),
                    )
                    .await;
                assert!(body.get("errors").is_none(), "{body}");
                let r = body["data"]["replyToInquiry"].clone();
                assert_eq!(r["reply"]["answerEntryVersion"], version);
                r
            }
        };
        let first = reply(1, json!(row.version)).await;
        assert_eq!(first["reply"]["body"], format!("旧口径：编号{reference}。"));

        let submitted = mutate(&app, &expert, "submitAnswerForReview", act(&revised)).await;
        mutate(&app, &spokesperson, "approveAnswerEntry", act(&submitted)).await;
        let second = reply(2, first["inquiry"]["version"].clone()).await;
        assert_eq!(
            second["reply"]["body"],
            format!("新口径：编号{reference}。")
        );
    }
);

both_backends!(
    a_retired_or_never_approved_entry_is_refused_in_replies,
    |app: TestApp| async move {
        let expert = token_for(&app, EXPERT, Role::Officer).await;
        let spokesperson = token_for(&app, SPOKESPERSON, Role::Officer).await;
        let officer = token_for(&app, OFFICER, Role::Officer).await;
        let draft = mutate(&app, &expert, "createAnswerEntry", passport("草稿口径。")).await;
        let in_review = mutate(&app, &expert, "createAnswerEntry", passport("待审口径。")).await;
        let in_review = mutate(&app, &expert, "submitAnswerForReview", act(&in_review)).await;
        let retired = approved(&app, "将停用的口径。").await;
        let retired = mutate(&app, &spokesperson, "retireAnswerEntry", act(&retired)).await;
        let (id, _, row) = assigned_inquiry(&app, "护照换发").await;

        for entry in [&draft, &in_review, &retired] {
            for body in [Value::Null, json!("民警自拟回复。")] {
                let res = app
                    .gql(
                        Some(&officer),
                        REPLY,
                        json!({ "input": { "inquiryId": id, "expectedVersion": row.version, "visibility": "PUBLIC", "body": body, "answerEntryId": entry["id"] } }),
                    )
                    .await;
                assert_eq!(error_code(&res), "BAD_USER_INPUT", "{entry}: {res}");
                assert_eq!(field(&res), "answerEntryId");
            }
            assert_eq!(use_count(&app, entry).await, 0);
        }
        let no_body = app
            .gql(
                Some(&officer),
                REPLY,
                json!({ "input": { "inquiryId": id, "expectedVersion": row.version, "visibility": "PUBLIC" } }),
            )
            .await;
        assert_eq!(error_code(&no_body), "BAD_USER_INPUT");
        assert_eq!(field(&no_body), "body");
        let replies = entity::reply::Entity::find()
            .filter(entity::reply::Column::InquiryId.eq(row.id))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(replies, 0, "nothing refused was stored");
    }
);
