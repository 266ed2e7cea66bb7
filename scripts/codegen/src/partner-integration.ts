// A partner agency's integration (e.g. the 12345 hotline's case system): forwards cases with
// its own `externalRef` under a partner token, receives signed webhook deliveries and
// refetches the inquiry they name by global id; the bureau's administrator registers the
// partner's webhook and watches its delivery log.

import {
  PartnerInquiryDocument,
  PartnerNodeDocument,
  PartnerSubmitInquiryDocument,
  RegisterPartnerWebhookDocument,
  WebhookDeliveriesDocument,
  type PartnerInquiryQuery,
  type PartnerNodeQuery,
  type PartnerSubmitInquiryMutationVariables,
  type RegisterPartnerWebhookMutation,
  type WebhookDeliveriesQuery,
  type WebhookDeliveriesQueryVariables,
} from "../generated/graphql";
import { createClient, describeError, formatTime, type ApiError, type Client } from "./client";

type SubmitInput = PartnerSubmitInquiryMutationVariables["input"];
type InquiryKind = SubmitInput["kind"];
type InquiryNode = Extract<NonNullable<PartnerNodeQuery["node"]>, { __typename: "Inquiry" }>;
type InquiryStatus = InquiryNode["status"];
type PartnerInquiry = NonNullable<PartnerInquiryQuery["inquiry"]>;
type Delivery = WebhookDeliveriesQuery["webhookDeliveries"]["edges"][number]["node"];
type DeliveryStatus = NonNullable<WebhookDeliveriesQueryVariables["status"]>;

export function partnerClient(endpoint: string, partnerToken: string): Client {
  return createClient({ endpoint, token: () => partnerToken });
}

// ---------------------------------------------------------------------------------------
// Forwarding a hotline case

export interface HotlineCase {
  /** The hotline's own case number; resending it returns the same inquiry. */
  readonly caseNumber: string;
  readonly category: "咨询" | "投诉" | "举报" | "建议" | "表扬";
  readonly districtCode: string;
  readonly title: string;
  readonly description: string;
  readonly callerName: string | null;
  readonly callerPhone: string | null;
  readonly address: string | null;
}

const KIND_OF: Readonly<Record<HotlineCase["category"], InquiryKind>> = {
  咨询: "CONSULTATION",
  投诉: "COMPLAINT",
  举报: "REPORT",
  建议: "SUGGESTION",
  表扬: "PRAISE",
};

export function toSubmitInput(hotlineCase: HotlineCase): SubmitInput {
  const kind = KIND_OF[hotlineCase.category];
  return {
    kind,
    channel: "HOTLINE",
    districtCode: hotlineCase.districtCode,
    subject: hotlineCase.title.slice(0, 200),
    body: hotlineCase.description.slice(0, 5000),
    citizenName: hotlineCase.callerName,
    citizenPhone: hotlineCase.callerPhone,
    locationText: hotlineCase.address,
    protectIdentity: kind === "REPORT",
    externalRef: hotlineCase.caseNumber,
  };
}

/** What the hotline stores against its case. */
export interface LinkedCase {
  readonly caseNumber: string;
  readonly inquiryId: string;
  readonly reference: string;
  readonly status: InquiryStatus;
  readonly dueAt: string | null;
}

export async function forwardCase(client: Client, hotlineCase: HotlineCase): Promise<LinkedCase | ApiError> {
  const result = await client.request(PartnerSubmitInquiryDocument, { input: toSubmitInput(hotlineCase) });
  if (!result.ok) return result.error;
  const { inquiry } = result.data.submitInquiry;
  return {
    caseNumber: inquiry.externalRef ?? hotlineCase.caseNumber,
    inquiryId: inquiry.id,
    reference: inquiry.reference,
    status: inquiry.status,
    dueAt: inquiry.dueAt,
  };
}

// ---------------------------------------------------------------------------------------
// Webhook deliveries

/** The body of a partner hook's delivery (README, "Partner webhooks"). */
export interface PartnerDelivery {
  readonly id: string;
  readonly event: string;
  readonly createdAt: string;
  readonly deliveryId: string;
  readonly attempt: number;
  readonly data: {
    readonly event: string;
    readonly inquiryKind: InquiryKind;
    /** The inquiry's global id, for `node(id:)` with the partner's token. */
    readonly inquiry: string;
    readonly reference: string;
    readonly externalRef: string | null;
    readonly status: InquiryStatus;
    readonly at: string;
  };
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** `wenzheng-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export async function verifySignature(
  secret: string,
  header: string,
  rawBody: string,
  nowSeconds: number,
): Promise<boolean> {
  const parts = new Map(header.split(",").map((part) => {
    const at = part.indexOf("=");
    return [part.slice(0, at), part.slice(at + 1)] as const;
  }));
  const t = parts.get("t");
  const v1 = parts.get("v1");
  if (t === undefined || v1 === undefined || Math.abs(nowSeconds - Number(t)) > 300) return false;
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const expected = hex(await crypto.subtle.sign("HMAC", key, encoder.encode(`${t}.${rawBody}`)));
  // Constant time over equal lengths.
  let diff = expected.length ^ v1.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (v1.charCodeAt(i) || 0);
  return diff === 0;
}

/** What the hotline writes to its case after a delivery. */
export interface CaseUpdate {
  readonly caseNumber: string | null;
  readonly inquiryId: string;
  readonly reference: string;
  readonly status: InquiryStatus;
  readonly updatedAt: string;
}

export type DeliveryOutcome =
  | { readonly kind: "synced"; readonly update: CaseUpdate }
  /** Already seen (`wenzheng-delivery` is the same on every retry): acknowledge, do nothing. */
  | { readonly kind: "duplicate" }
  | { readonly kind: "rejected"; readonly httpStatus: 400 | 401 }
  /** Answer non-2xx so the server retries later. */
  | { readonly kind: "retryLater"; readonly reason: string };

/**
 * Verifies a delivery, then reads the inquiry's current state with `node(id:)`: the body is
 * a notice, the refetch is the truth (deliveries of one inquiry arrive in order, but the
 * inquiry may have moved on since).
 */
export async function handleDelivery(
  client: Client,
  secret: string,
  headers: { readonly signature: string; readonly deliveryId: string },
  rawBody: string,
  seen: Set<string>,
): Promise<DeliveryOutcome> {
  if (!(await verifySignature(secret, headers.signature, rawBody, Math.floor(Date.now() / 1000)))) {
    return { kind: "rejected", httpStatus: 401 };
  }
  if (seen.has(headers.deliveryId)) return { kind: "duplicate" };
  let delivery: PartnerDelivery;
  try {
    delivery = JSON.parse(rawBody) as PartnerDelivery;
  } catch {
    return { kind: "rejected", httpStatus: 400 };
  }

  const result = await client.request(PartnerNodeDocument, { id: delivery.data.inquiry });
  if (!result.ok) return { kind: "retryLater", reason: describeError(result.error) };
  const node = result.data.node;
  // Out of the partner's scope looks like absent (null): keep what the notice said.
  const update: CaseUpdate = node?.__typename === "Inquiry"
    ? {
        caseNumber: node.externalRef,
        inquiryId: node.id,
        reference: node.reference,
        status: node.status,
        updatedAt: node.updatedAt,
      }
    : {
        caseNumber: delivery.data.externalRef,
        inquiryId: delivery.data.inquiry,
        reference: delivery.data.reference,
        status: delivery.data.status,
        updatedAt: delivery.data.at,
      };
  seen.add(headers.deliveryId);
  return { kind: "synced", update };
}

// ---------------------------------------------------------------------------------------
// The operator's case screen: the public story of one inquiry

export interface CaseDetail {
  readonly reference: string;
  readonly caseNumber: string | null;
  readonly status: InquiryStatus;
  readonly result: string | null;
  readonly lastUpdate: string;
  readonly timeline: ReadonlyArray<string>;
  readonly answers: ReadonlyArray<string>;
}

function toCaseDetail(inquiry: PartnerInquiry): CaseDetail {
  return {
    reference: inquiry.reference,
    caseNumber: inquiry.externalRef,
    status: inquiry.status,
    result: inquiry.resolution,
    lastUpdate: formatTime(inquiry.updatedAt),
    timeline: inquiry.events.map((event) => {
      const who = event.actorKind === "OFFICER" ? "警方" : event.actorKind === "PARTNER" ? "本平台" : "系统";
      return `${formatTime(event.at)} ${event.kind} (${who})${event.note === null ? "" : `：${event.note}`}`;
    }),
    answers: inquiry.replies
      .filter((reply) => reply.visibility === "PUBLIC")
      .map((reply) => `${reply.signedBy.dutyName ?? ""}（${reply.signedBy.department?.name ?? ""}）：${reply.body}`),
  };
}

export async function caseDetail(client: Client, inquiryId: string): Promise<CaseDetail | null | ApiError> {
  const result = await client.request(PartnerInquiryDocument, { id: inquiryId });
  if (!result.ok) return result.error;
  return result.data.inquiry === null ? null : toCaseDetail(result.data.inquiry);
}

// ---------------------------------------------------------------------------------------
// The bureau's administrator: registering the partner's hook, watching deliveries

export interface PartnerHookRequest {
  readonly partner: string;
  readonly url: string;
  readonly districtCodes: ReadonlyArray<string>;
  /** 16..256 characters, shared with the partner out of band; never shown again. */
  readonly secret: string;
}

export type RegisteredHook = RegisterPartnerWebhookMutation["createWebhook"]["webhook"];

export async function registerPartnerWebhook(
  adminClient: Client,
  request: PartnerHookRequest,
): Promise<RegisteredHook | ApiError> {
  const result = await adminClient.request(RegisterPartnerWebhookDocument, {
    input: {
      partner: request.partner,
      url: request.url,
      events: ["inquiry.*"],
      districtCodes: [...request.districtCodes],
      secret: request.secret,
      description: `${request.partner} 工单同步`,
    },
  });
  if (!result.ok) return result.error;
  const hook = result.data.createWebhook.webhook;
  if (!hook.active || hook.partner !== request.partner) {
    throw new Error(`unexpected webhook state for ${request.partner}`);
  }
  return hook;
}

export interface DeliveryRow {
  readonly id: string;
  readonly event: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly detail: string;
}

function toDeliveryRow(delivery: Delivery): DeliveryRow {
  const detail = delivery.status === "DELIVERED"
    ? `delivered ${formatTime(delivery.deliveredAt)}`
    : delivery.status === "PENDING"
      ? `next attempt ${formatTime(delivery.nextAttemptAt)}`
      : `gave up: HTTP ${delivery.lastStatusCode ?? "-"} ${delivery.lastError ?? ""}`;
  return { id: delivery.id, event: delivery.event, status: delivery.status, attempts: delivery.attempts, detail };
}

export async function failedDeliveries(
  adminClient: Client,
  webhookId: string,
): Promise<ReadonlyArray<DeliveryRow> | ApiError> {
  const result = await adminClient.request(WebhookDeliveriesDocument, { webhookId, first: 50, status: "FAILED" });
  if (!result.ok) return result.error;
  return result.data.webhookDeliveries.edges.map((edge) => toDeliveryRow(edge.node));
}
