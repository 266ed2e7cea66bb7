//! Answer search over the API: Chinese words in either script, highlighted snippets,
//! category filter, staff only, suggestions for an inquiry, and freshness when another
//! process changes the library.

use std::sync::Arc;

use chrono::Utc;
use entity::{AnswerStatus, Role, answer_entry, answer_entry_version};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use serde_json::{Value, json};
use uuid::Uuid;
use wenzheng::search::{AnswerIndex, poller::ChangeTracker};

use crate::{
    both_backends,
    helpers::{TestApp, error_code, refused_code, uuid_of},
};

const SEARCH: &str = r#"
query($q: String!, $category: String, $first: Int = 10) {
  searchAnswers(query: $q, category: $category, first: $first) {
    score titleHighlighted title snippet version category entryId entry { id title }
  }
}"#;

const SUGGESTED: &str = r#"
query($id: ID!) {
  inquiry(id: $id) { suggestedAnswers { title titleHighlighted snippet entry { id } } }
}"#;

/// An entry as the library would hold it, written straight into the database.
struct Spec {
    category: &'static str,
    title: &'static str,
    question: &'static str,
    answer: &'static str,
    keywords: &'static str,
    status: AnswerStatus,
}

const PASSPORT: Spec = Spec {
    category: "出入境",
    title: "护照到期换发",
    question: "护照快到期或已过期，如何换发？",
    answer: "您好！护照有效期不足六个月或已过期的，可携带居民身份证到出入境接待大厅申请换发，一般7个工作日内制证。",
    keywords: "护照,换发,到期,过期",
    status: AnswerStatus::Approved,
};
const ID_CARD: Spec = Spec {
    category: "户政",
    title: "居民身份证遗失补领",
    question: "身份证丢了怎么补办？",
    answer: "您好！居民身份证已实现全国异地补领，到任一派出所户籍窗口申请即可，一般15个工作日可领取。",
    keywords: "身份证,补办,补领,丢失",
    status: AnswerStatus::Approved,
};
const HUKOU: Spec = Spec {
    category: "户政",
    title: "新生儿入户办理",
    question: "小孩出生后怎么报户口？",
    answer: "您好！请携带出生医学证明、父母的户口簿和身份证，到派出所户籍窗口办理新生儿入户。",
    keywords: "新生儿,出生,入户,报户口",
    status: AnswerStatus::Approved,
};
const RETIRED: Spec = Spec {
    category: "出入境",
    title: "护照旧版申请表（已停用）",
    question: "护照申请表在哪里下载？",
    answer: "您好！请下载旧版护照申请表填写后提交。",
    keywords: "护照,申请表",
    status: AnswerStatus::Retired,
};
const DRAFT: Spec = Spec {
    category: "出入境",
    title: "护照加急（草稿）",
    question: "护照能加急吗？",
    answer: "草稿：护照加急的条件。",
    keywords: "护照,加急",
    status: AnswerStatus::Draft,
};

/// Inserts an entry and its version-1 snapshot; approved and retired ones have served.
async fn insert(app: &TestApp, spec: &Spec) -> Uuid {
    let department = app.bureau_of("441202").await;
    let author = entity::officer::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("an officer");
    let now = Utc::now();
    let served = matches!(spec.status, AnswerStatus::Approved | AnswerStatus::Retired);
    let id = Uuid::now_v7();
    answer_entry::ActiveModel {
        id: Set(id),
        title: Set(spec.title.into()),
        question: Set(spec.question.into()),
        answer: Set(spec.answer.into()),
        category: Set(spec.category.into()),
        keywords: Set(spec.keywords.into()),
        department_id: Set(department.id),
        status: Set(spec.status),
        version: Set(1),
        approved_version: Set(served.then_some(1)),
        author_id: Set(author.id),
        approved_by_id: Set(served.then_some(author.id)),
        approved_at: Set(served.then_some(now)),
        retired_at: Set((spec.status == AnswerStatus::Retired).then_some(now)),
        use_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    answer_entry_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        answer_entry_id: Set(id),
        version: Set(1),
        title: Set(spec.title.into()),
        question: Set(spec.question.into()),
        answer: Set(spec.answer.into()),
        category: Set(spec.category.into()),
        keywords: Set(spec.keywords.into()),
        author_id: Set(author.id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.state.db)
    .await
    .unwrap();
    id
}

/// The demo-like library, indexed the way start-up does it.
async fn library(app: &TestApp) -> [Uuid; 5] {
    let ids = [
        insert(app, &PASSPORT).await,
        insert(app, &ID_CARD).await,
        insert(app, &HUKOU).await,
        insert(app, &RETIRED).await,
        insert(app, &DRAFT).await,
    ];
    let indexed = app.state.search.rebuild(&app.state.db).await.unwrap();
    assert_eq!(indexed, 3, "approved entries only");
    ids
}

async fn search(app: &TestApp, token: Option<&str>, vars: Value) -> Value {
    app.gql(token, SEARCH, vars).await
}

fn hits(body: &Value) -> &Vec<Value> {
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["searchAnswers"].as_array().unwrap()
}

both_backends!(
    staff_find_simplified_wording_with_a_traditional_query_and_see_the_match_highlighted,
    |app: TestApp| async move {
        let [passport, ..] = library(&app).await;
        let officer = app.token(Role::Officer, &["441202"]).await;
        let body = search(
            &app,
            Some(&officer),
            json!({ "q": "我的護照過期了，怎麼換？" }),
        )
        .await;
        let hits = hits(&body);
        assert!(!hits.is_empty(), "{body}");
        let top = &hits[0];
        assert_eq!(uuid_of(top["entryId"].as_str().unwrap()), passport);
        assert_eq!(top["entry"]["id"], top["entryId"]);
        assert_eq!(top["title"], "护照到期换发");
        assert_eq!(top["version"], 1);
        assert_eq!(top["category"], "出入境");
        assert!(top["score"].as_f64().unwrap() > 0.0);
        let title = top["titleHighlighted"].as_str().unwrap();
        assert!(title.contains("<em>护照</em>"), "{title}");
        let snippet = top["snippet"].as_str().unwrap();
        assert!(snippet.contains("<em>"), "{snippet}");
        assert!(snippet.contains("过期"), "{snippet}");
    }
);

both_backends!(
    retired_and_unapproved_entries_are_never_found,
    |app: TestApp| async move {
        let [_, _, _, retired, draft] = library(&app).await;
        let admin = app.token(Role::Admin, &["*"]).await;
        for q in ["护照申请表下载", "护照加急草稿", "护照"] {
            let body = search(&app, Some(&admin), json!({ "q": q, "first": 50 })).await;
            for hit in hits(&body) {
                let id = uuid_of(hit["entryId"].as_str().unwrap());
                assert!(id != retired && id != draft, "{q}: {hit}");
            }
        }
    }
);

both_backends!(
    a_category_narrows_the_results_to_that_category,
    |app: TestApp| async move {
        let [passport, id_card, hukou, ..] = library(&app).await;
        let supervisor = app.token(Role::Supervisor, &["441202"]).await;
        let ids = |body: &Value| -> Vec<Uuid> {
            hits(body)
                .iter()
                .map(|h| uuid_of(h["entryId"].as_str().unwrap()))
                .collect()
        };
        let q = "身份证 护照 户口";
        let all = ids(&search(&app, Some(&supervisor), json!({ "q": q })).await);
        assert_eq!(all.len(), 3, "{all:?}");
        let mut hukou_only = ids(&search(
            &app,
            Some(&supervisor),
            json!({ "q": q, "category": "户政" }),
        )
        .await);
        hukou_only.sort();
        let mut expected = vec![id_card, hukou];
        expected.sort();
        assert_eq!(hukou_only, expected);
        // The filter is normalised like the text: Traditional 戶政 is 户政.
        let traditional = ids(&search(
            &app,
            Some(&supervisor),
            json!({ "q": q, "category": "戶政" }),
        )
        .await);
        assert_eq!(traditional.len(), 2);
        let exit = ids(&search(
            &app,
            Some(&supervisor),
            json!({ "q": q, "category": "出入境" }),
        )
        .await);
        assert_eq!(exit, vec![passport]);
    }
);

both_backends!(
    the_public_citizens_and_partners_may_not_search_the_library,
    |app: TestApp| async move {
        library(&app).await;
        let citizen = app.token(Role::Citizen, &[]).await;
        let partner = app.token(Role::Partner, &["*"]).await;
        for token in [None, Some(citizen.as_str()), Some(partner.as_str())] {
            let body = search(&app, token, json!({ "q": "护照" })).await;
            assert_eq!(error_code(&body), refused_code(token), "{body}");
        }
    }
);

both_backends!(
    noisy_queries_never_fail_and_blank_ones_are_refused,
    |app: TestApp| async move {
        library(&app).await;
        let officer = app.token(Role::Officer, &["441202"]).await;
        for q in [
            r#"护照 AND (过期" OR -换发 +:*? ^2 ~ \ / [ ] { }"#,
            "？？？！！！",
            "的了吗",
            "SELECT * FROM answer_entry; --",
        ] {
            let body = search(&app, Some(&officer), json!({ "q": q })).await;
            assert!(body.get("errors").is_none(), "{q}: {body}");
        }
        let body = search(&app, Some(&officer), json!({ "q": r#"护照 AND (过期""# })).await;
        assert_eq!(hits(&body)[0]["title"], "护照到期换发");

        let body = search(&app, Some(&officer), json!({ "q": "   " })).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT");
        assert_eq!(body["errors"][0]["extensions"]["field"], "query");
        for first in [0, 51] {
            let body = search(&app, Some(&officer), json!({ "q": "护照", "first": first })).await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT");
            assert_eq!(body["errors"][0]["extensions"]["field"], "first");
        }
    }
);

both_backends!(
    an_inquiry_about_a_passport_suggests_the_passport_wording_first,
    |app: TestApp| async move {
        let [passport, ..] = library(&app).await;
        let citizen = app.token(Role::Citizen, &[]).await;
        let payload = app
            .submit(Some(&citizen), "441202", "我的護照明年到期，想提前換一本")
            .await;
        let inquiry = payload["inquiry"]["id"].as_str().unwrap().to_owned();

        let admin = app.token(Role::Admin, &["*"]).await;
        let body = app
            .gql(Some(&admin), SUGGESTED, json!({ "id": inquiry }))
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let suggested = body["data"]["inquiry"]["suggestedAnswers"]
            .as_array()
            .unwrap();
        assert!(!suggested.is_empty() && suggested.len() <= 3, "{body}");
        assert_eq!(
            uuid_of(suggested[0]["entry"]["id"].as_str().unwrap()),
            passport
        );
        assert!(
            suggested[0]["titleHighlighted"]
                .as_str()
                .unwrap()
                .contains("<em>")
        );

        // The citizen sees their inquiry, but not the bureau's library.
        let body = app
            .gql(
                Some(&citizen),
                "query($id: ID!) { inquiry(id: $id) { suggestedAnswers { title } } }",
                json!({ "id": inquiry }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        assert_eq!(body["data"]["inquiry"]["suggestedAnswers"], json!([]));
    }
);

both_backends!(
    another_process_index_catches_up_with_changes_by_polling,
    |app: TestApp| async move {
        let [passport, ..] = library(&app).await;
        // A second server process: its own index over the same database.
        let other = Arc::new(AnswerIndex::new().unwrap());
        other.rebuild(&app.state.db).await.unwrap();
        let mut tracker = ChangeTracker::default();
        tracker.poll(&other, &app.state.db).await.unwrap();
        let found = |index: &AnswerIndex, q: &str| -> Vec<Uuid> {
            index
                .search(q, None, 10)
                .unwrap()
                .into_iter()
                .map(|h| h.entry_id)
                .collect()
        };
        assert!(found(&other, "驾驶证").is_empty());

        // This process approves a new entry and retires the passport one.
        let licence = insert(
            &app,
            &Spec {
                category: "交通管理",
                title: "驾驶证到期换证",
                question: "驾驶证快到期了怎么换？",
                answer: "您好！驾驶证有效期满前90日内可通过交管12123申请换证。",
                keywords: "驾驶证,驾照,换证",
                status: AnswerStatus::Approved,
            },
        )
        .await;
        let row = answer_entry::Entity::find_by_id(passport)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let mut retire = row.into_active_model();
        retire.status = Set(AnswerStatus::Retired);
        retire.retired_at = Set(Some(Utc::now()));
        retire.updated_at = Set(Utc::now());
        retire.update(&app.state.db).await.unwrap();

        tracker.poll(&other, &app.state.db).await.unwrap();
        assert_eq!(found(&other, "駕駛證"), vec![licence]);
        assert!(!found(&other, "护照").contains(&passport));
    }
);

both_backends!(
    syncing_a_revised_entry_serves_its_newly_approved_wording,
    |app: TestApp| async move {
        let [_, id_card, ..] = library(&app).await;
        let author = entity::officer::Entity::find()
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let now = Utc::now();
        answer_entry_version::ActiveModel {
            id: Set(Uuid::now_v7()),
            answer_entry_id: Set(id_card),
            version: Set(2),
            title: Set("居民身份证挂失与补领".into()),
            question: Set("身份证丢了怎么挂失补办？".into()),
            answer: Set(
                "您好！身份证丢失请先挂失，再到任一派出所申请补领，可选择邮寄送达。".into(),
            ),
            category: Set("户政".into()),
            keywords: Set("身份证,挂失,补领,邮寄".into()),
            author_id: Set(author.id),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&app.state.db)
        .await
        .unwrap();
        let row = answer_entry::Entity::find_by_id(id_card)
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let mut approve = row.into_active_model();
        approve.version = Set(2);
        approve.approved_version = Set(Some(2));
        approve.updated_at = Set(now);
        approve.update(&app.state.db).await.unwrap();

        app.state
            .search
            .sync_entry(&app.state.db, id_card)
            .await
            .unwrap();
        let hits = app.state.search.search("身份证挂失", None, 3).unwrap();
        assert_eq!(hits[0].entry_id, id_card);
        assert_eq!(hits[0].version, 2);
        assert!(hits[0].snippet.contains("邮寄"), "{}", hits[0].snippet);
    }
);
