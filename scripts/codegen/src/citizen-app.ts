// The citizen app: submit without an account, follow an inquiry with its reference and
// tracking code, rate the result, and (logged in) list one's own inquiries.

import {
  CitizenSubmitInquiryDocument,
  MyInquiriesDocument,
  RateInquiryDocument,
  TrackInquiryDocument,
  type CitizenSubmitInquiryMutation,
  type CitizenSubmitInquiryMutationVariables,
  type MyInquiriesQuery,
  type RateInquiryMutationVariables,
  type TrackInquiryQuery,
} from "../generated/graphql";
import { describeError, formatTime, toPage, type ApiError, type Client, type Page } from "./client";

type SubmitInput = CitizenSubmitInquiryMutationVariables["input"];
type Tracked = NonNullable<TrackInquiryQuery["trackInquiry"]>;
type InquiryKind = SubmitInput["kind"];
type InquiryStatus = Tracked["status"];
type EventKind = Tracked["events"][number]["kind"];
type Satisfaction = RateInquiryMutationVariables["input"]["satisfaction"];
type MyInquiry = MyInquiriesQuery["inquiries"]["edges"][number]["node"];

// Partial maps: a value the schema drops is a compile error here (excess property), a value
// it adds falls back to the raw name until the app learns it, as a deployed app must.
const KIND_LABELS: { readonly [K in InquiryKind]?: string } = {
  CONSULTATION: "咨询",
  COMPLAINT: "投诉",
  REPORT: "举报",
  SUGGESTION: "建议",
  PRAISE: "表扬",
};

const STATUS_LABELS: { readonly [S in InquiryStatus]?: string } = {
  NEW: "已受理",
  ASSIGNED: "已分派",
  IN_PROGRESS: "办理中",
  ANSWERED: "已答复",
  RESOLVED: "已办结",
  CLOSED: "已关闭",
  REJECTED: "不予受理",
  MERGED: "已合并",
  REOPENED: "重新办理",
};

const EVENT_LABELS: { readonly [E in EventKind]?: string } = {
  RECEIVED: "已受理",
  ASSIGNED: "已分派至承办单位",
  REPLIED: "已答复",
  REPLY_CORRECTED: "答复已更正",
  RESOLVED: "已办结",
  CLOSED: "已关闭",
  REJECTED: "不予受理",
  MERGED: "已并入其他诉求",
  REOPENED: "重新办理",
  RATED: "已评价",
};

export const statusLabel = (status: InquiryStatus): string => STATUS_LABELS[status] ?? status;
export const kindLabel = (kind: InquiryKind): string => KIND_LABELS[kind] ?? kind;

// ---------------------------------------------------------------------------------------
// Submit

export interface InquiryForm {
  readonly kind: InquiryKind;
  readonly districtCode: string;
  readonly subject: string;
  readonly body: string;
  readonly phone: string;
  readonly name: string | null;
  readonly anonymous: boolean;
  readonly location: { readonly text: string; readonly lat: number; readonly lng: number } | null;
  /** Generated once when the form opens, so a retry after a timeout is not a second inquiry. */
  readonly idempotencyKey: string;
}

export interface SubmittedView {
  readonly reference: string;
  /** Shown once: the screen asks the citizen to write it down or save a screenshot. */
  readonly trackingCode: string | null;
  readonly kind: string;
  readonly status: string;
  readonly district: string;
  readonly firstResponseBy: string;
  readonly dueBy: string;
}

export type SubmitOutcome =
  | { readonly kind: "submitted"; readonly view: SubmittedView }
  | { readonly kind: "invalid"; readonly fieldErrors: Readonly<Partial<Record<keyof InquiryForm, string>>> }
  | { readonly kind: "slowDown"; readonly retryAfterSeconds: number }
  | { readonly kind: "failed"; readonly message: string };

/** Server input field → the form field that shows the message. */
const FORM_FIELD: Readonly<Record<string, keyof InquiryForm>> = {
  subject: "subject",
  body: "body",
  citizenPhone: "phone",
  citizenName: "name",
  districtCode: "districtCode",
  latitude: "location",
  longitude: "location",
  locationText: "location",
};

export function toSubmitInput(form: InquiryForm): SubmitInput {
  return {
    kind: form.kind,
    channel: "MOBILE_APP",
    districtCode: form.districtCode,
    subject: form.subject.trim(),
    body: form.body.trim(),
    citizenPhone: form.phone,
    citizenName: form.name,
    anonymous: form.anonymous,
    protectIdentity: form.kind === "REPORT",
    locationText: form.location?.text ?? null,
    latitude: form.location?.lat ?? null,
    longitude: form.location?.lng ?? null,
    idempotencyKey: form.idempotencyKey,
  };
}

function toSubmittedView(payload: CitizenSubmitInquiryMutation["submitInquiry"]): SubmittedView {
  const { inquiry } = payload;
  return {
    reference: inquiry.reference,
    trackingCode: payload.trackingCode,
    kind: kindLabel(inquiry.kind),
    status: statusLabel(inquiry.status),
    district: inquiry.district?.name ?? inquiry.district?.code ?? "—",
    firstResponseBy: formatTime(inquiry.firstResponseDueAt),
    dueBy: formatTime(inquiry.dueAt),
  };
}

function failure(error: ApiError): SubmitOutcome {
  if (error.kind === "graphql") {
    if (error.code === "BAD_USER_INPUT" && error.field !== null) {
      const formField = FORM_FIELD[error.field];
      if (formField !== undefined) {
        return { kind: "invalid", fieldErrors: { [formField]: error.message } };
      }
    }
    if (error.code === "RATE_LIMITED") {
      return { kind: "slowDown", retryAfterSeconds: error.retryAfterSeconds ?? 3600 };
    }
  }
  return { kind: "failed", message: describeError(error) };
}

/** Anonymous: the app sends no token; the tracking code is the citizen's only key. */
export async function submitInquiry(client: Client, form: InquiryForm): Promise<SubmitOutcome> {
  const result = await client.request(CitizenSubmitInquiryDocument, { input: toSubmitInput(form) });
  if (!result.ok) return failure(result.error);
  return { kind: "submitted", view: toSubmittedView(result.data.submitInquiry) };
}

// ---------------------------------------------------------------------------------------
// Track

export interface TimelineItem {
  readonly label: string;
  readonly at: string;
}

export interface ReplyView {
  /** 實名上崗: who answers, and for which department. */
  readonly signature: string;
  readonly body: string;
  readonly at: string;
  readonly privateToYou: boolean;
  readonly correctionNote: string | null;
}

export interface TrackingView {
  readonly reference: string;
  readonly title: string;
  readonly status: string;
  readonly finished: boolean;
  readonly canRate: boolean;
  readonly district: string;
  readonly dueBy: string;
  readonly mergedInto: string | null;
  readonly timeline: ReadonlyArray<TimelineItem>;
  readonly replies: ReadonlyArray<ReplyView>;
}

export type TrackOutcome =
  | { readonly kind: "found"; readonly view: TrackingView }
  | { readonly kind: "notFound" }
  | { readonly kind: "failed"; readonly message: string };

const FINISHED: ReadonlySet<InquiryStatus> = new Set<InquiryStatus>(["RESOLVED", "CLOSED", "REJECTED", "MERGED"]);

export function toTrackingView(inquiry: Tracked): TrackingView {
  return {
    reference: inquiry.reference,
    title: `【${kindLabel(inquiry.kind)}】${inquiry.subject}`,
    status: statusLabel(inquiry.status),
    finished: FINISHED.has(inquiry.status),
    canRate: inquiry.status === "RESOLVED" || inquiry.status === "CLOSED",
    district: inquiry.district?.name ?? "—",
    dueBy: formatTime(inquiry.resolvedAt ?? inquiry.dueAt),
    mergedInto: inquiry.mergedIntoReference,
    timeline: inquiry.events.map((event) => ({
      label: EVENT_LABELS[event.kind] ?? event.kind,
      at: formatTime(event.at),
    })),
    replies: inquiry.replies.map((reply) => ({
      signature: [reply.signedBy.dutyName, reply.signedBy.department?.name]
        .filter((part): part is string => part != null)
        .join(" · "),
      body: reply.body,
      at: formatTime(reply.createdAt),
      privateToYou: reply.visibility === "PRIVATE",
      correctionNote: reply.isCorrection ? `更正：${reply.correctionReason ?? ""}` : null,
    })),
  };
}

/** A wrong code and an unknown reference both come back as null: one "not found" screen. */
export async function trackInquiry(client: Client, reference: string, trackingCode: string): Promise<TrackOutcome> {
  const result = await client.request(TrackInquiryDocument, {
    reference: reference.trim().toUpperCase(),
    trackingCode: trackingCode.trim().toUpperCase(),
  });
  if (!result.ok) return { kind: "failed", message: describeError(result.error) };
  const inquiry = result.data.trackInquiry;
  return inquiry === null ? { kind: "notFound" } : { kind: "found", view: toTrackingView(inquiry) };
}

// ---------------------------------------------------------------------------------------
// Rate

export interface RatingForm {
  readonly reference: string;
  /** Null when the citizen is logged in and rates its own inquiry. */
  readonly trackingCode: string | null;
  readonly satisfaction: Satisfaction;
  readonly comment: string;
}

export type RateOutcome =
  | { readonly kind: "thanks"; readonly status: string; readonly reopened: boolean }
  | { readonly kind: "notYet"; readonly message: string }
  | { readonly kind: "failed"; readonly message: string };

export async function rateInquiry(client: Client, form: RatingForm): Promise<RateOutcome> {
  const result = await client.request(RateInquiryDocument, {
    input: {
      reference: form.reference,
      trackingCode: form.trackingCode,
      satisfaction: form.satisfaction,
      comment: form.comment.length > 0 ? form.comment : null,
    },
  });
  if (!result.ok) {
    const { error } = result;
    if (error.kind === "graphql" && error.code === "INVALID_TRANSITION") {
      return { kind: "notYet", message: "办结后才能评价" };
    }
    return { kind: "failed", message: describeError(error) };
  }
  const rated = result.data.rateInquiry;
  return { kind: "thanks", status: statusLabel(rated.status), reopened: rated.reopened };
}

// ---------------------------------------------------------------------------------------
// My inquiries (citizen token)

export interface MyInquiryRow {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly status: string;
  readonly overdue: boolean;
  readonly submittedAt: string;
  readonly latestReply: string | null;
}

export interface MyInquiriesView {
  readonly total: number;
  readonly page: Page<MyInquiryRow>;
}

function toMyInquiryRow(node: MyInquiry): MyInquiryRow {
  const reply = node.lastReply;
  return {
    id: node.id,
    reference: node.reference,
    title: `【${kindLabel(node.kind)}】${node.subject}`,
    status: statusLabel(node.status),
    overdue: node.deadlineState === "OVERDUE",
    submittedAt: formatTime(node.createdAt),
    latestReply: reply === null ? null : `${reply.signedBy.dutyName ?? "民警"}：${reply.body.slice(0, 60)}`,
  };
}

export async function loadMyInquiries(
  client: Client,
  after: string | null,
  onlyOpen: boolean,
): Promise<MyInquiriesView | ApiError> {
  const result = await client.request(MyInquiriesDocument, {
    first: 20,
    after,
    status: onlyOpen ? ["NEW", "ASSIGNED", "IN_PROGRESS", "ANSWERED", "REOPENED"] : null,
  });
  if (!result.ok) return result.error;
  if (result.data.me?.role !== "CITIZEN") {
    return { kind: "graphql", code: "UNAUTHENTICATED", message: "请以市民身份登录", field: null, requestId: null, retryAfterSeconds: null };
  }
  return {
    total: result.data.inquiries.totalCount,
    page: toPage(result.data.inquiries, toMyInquiryRow),
  };
}
