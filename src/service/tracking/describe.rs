//! Timeline entries in plain words for the citizen (Simplified Chinese), made from the
//! entry's kind and the few public facts in its data: the department now handling the
//! inquiry, a reply's visibility, the days of an extension, the reference of a merge
//! target the citizen may see. Never an officer's name, never an internal note: what an
//! entry's note says is shown (or not) by `policy::event_view`, apart from this text.

use entity::{ActorKind, EventKind, InquiryKind, inquiry, inquiry_event};

fn kind_name(kind: InquiryKind) -> &'static str {
    match kind {
        InquiryKind::Consultation => "咨询",
        InquiryKind::Complaint => "投诉",
        InquiryKind::Report => "举报",
        InquiryKind::Suggestion => "建议",
        InquiryKind::Praise => "表扬",
    }
}

fn data_str<'a>(event: &'a inquiry_event::Model, key: &str) -> Option<&'a str> {
    event
        .data
        .as_ref()
        .and_then(|d| d.get(key))
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.is_empty())
}

/// What `event` on `inquiry` means to the citizen. `merged_into` is the inquiry it was
/// merged into when the citizen may see that one (`policy::tracker_may_see_merge_target`),
/// so a tip-off's reference is never named.
pub fn describe(
    event: &inquiry_event::Model,
    inquiry: &inquiry::Model,
    merged_into: Option<&inquiry::Model>,
) -> String {
    let department = data_str(event, "department");
    match event.kind {
        EventKind::Received => format!(
            "已收到您的{}，受理编号 {}",
            kind_name(inquiry.kind),
            inquiry.reference
        ),
        EventKind::Assigned => match (department, data_str(event, "via")) {
            (Some(d), Some("DUTY_ROTA")) => format!("已由值班民警接收，交由{d}办理"),
            (Some(d), _) => format!("已交由{d}办理"),
            (None, _) => "已分派办理".into(),
        },
        EventKind::TransferRequested => "正在协调转交其他部门办理".into(),
        EventKind::TransferAccepted => match department {
            Some(d) => format!("已转交{d}办理"),
            None => "已转交其他部门办理".into(),
        },
        EventKind::TransferReturned => "转交未被接收，仍由原部门办理".into(),
        EventKind::WorkStarted => "已开始办理".into(),
        EventKind::Replied => match data_str(event, "visibility") {
            Some("PUBLIC") => "已公开答复".into(),
            Some("PRIVATE") => "已答复您（仅您可见）".into(),
            _ => "添加了内部备注".into(),
        },
        EventKind::ReplyCorrected => "更正了此前的答复".into(),
        EventKind::Paused => "暂停办理计时，等待补充情况或材料".into(),
        EventKind::Resumed => "恢复办理计时".into(),
        EventKind::ExtensionRequested => "申请延长办理期限".into(),
        EventKind::ExtensionApproved => {
            match event
                .data
                .as_ref()
                .and_then(|d| d.get("days"))
                .and_then(serde_json::Value::as_i64)
            {
                Some(days) => format!("办理期限已延长 {days} 个工作日"),
                None => "办理期限已延长".into(),
            }
        }
        EventKind::ExtensionRejected => "延期申请未获批准".into(),
        EventKind::Escalated => "已超期，列入督办".into(),
        EventKind::Resolved => "已办结，并告知处理结果".into(),
        EventKind::Closed => "已结案".into(),
        EventKind::Rejected => "不予受理".into(),
        EventKind::Merged => match merged_into {
            Some(target) => format!("已与编号 {} 的诉求合并办理", target.reference),
            None => "已与同类诉求合并办理".into(),
        },
        EventKind::Reopened => match event.actor_kind {
            ActorKind::Citizen | ActorKind::Anonymous => "您对处理结果不满意，已重新办理".into(),
            _ => "已重新办理".into(),
        },
        EventKind::Rated => "已收到您的评价".into(),
        EventKind::ExpertConsulted => "已征询专家意见".into(),
        EventKind::ExpertAdvised => "专家已提出意见".into(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;
    use crate::auth::policy::tests::sample;

    fn event(kind: EventKind, data: serde_json::Value) -> inquiry_event::Model {
        let now = Utc::now();
        inquiry_event::Model {
            id: Uuid::now_v7(),
            inquiry_id: Uuid::now_v7(),
            kind,
            actor_kind: ActorKind::Officer,
            actor_officer_id: Some(Uuid::now_v7()),
            actor_subject: Some("officer:040101".into()),
            public: true,
            note: Some("内部：请尽快".into()),
            data: Some(data),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn a_transfer_names_the_department_now_handling_it_and_nothing_else() {
        let inquiry = sample(Uuid::now_v7(), None);
        let accepted = event(
            EventKind::TransferAccepted,
            serde_json::json!({ "department": "肇庆市公安局端州分局", "toDistrictCode": "441202" }),
        );
        assert_eq!(
            describe(&accepted, &inquiry, None),
            "已转交肇庆市公安局端州分局办理"
        );
    }

    #[test]
    fn a_merge_names_the_target_only_when_the_citizen_may_see_it() {
        let inquiry = sample(Uuid::now_v7(), None);
        let mut target = sample(Uuid::now_v7(), None);
        target.reference = "ZQ2611-TARGET".into();
        let merged = event(
            EventKind::Merged,
            serde_json::json!({ "intoReference": "ZQ2611-TARGET" }),
        );
        assert!(describe(&merged, &inquiry, Some(&target)).contains("ZQ2611-TARGET"));
        assert!(!describe(&merged, &inquiry, None).contains("ZQ2611-TARGET"));
    }
}
