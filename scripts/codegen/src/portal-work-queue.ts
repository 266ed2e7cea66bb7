// The bureau portal's work queue: a filtered, sorted page of inquiries with their
// department, officer and latest reply; the assignment dialog; replying. Every lifecycle
// mutation sends the `version` the row showed as `expectedVersion`, and the screen reacts to
// `extensions.code` (CONFLICT: someone else changed it; INVALID_TRANSITION: not in this
// state; BAD_USER_INPUT: which field).

import {
  AssignInquiryDocument,
  AssignableDepartmentsDocument,
  ReplyToInquiryDocument,
  WorkQueueDocument,
  type AssignInquiryMutationVariables,
  type AssignableDepartmentsQuery,
  type ReplyToInquiryMutation,
  type ReplyToInquiryMutationVariables,
  type WorkQueueQuery,
  type WorkQueueQueryVariables,
  type WorkQueueRowFragment,
} from "../generated/graphql";
import { describeError, formatTime, toPage, type ApiError, type Client, type Page } from "./client";

type Filter = NonNullable<WorkQueueQueryVariables["filter"]>;
type OrderBy = WorkQueueQueryVariables["orderBy"];
type Status = WorkQueueRowFragment["status"];
type DeadlineState = NonNullable<WorkQueueRowFragment["deadlineState"]>;
type Priority = NonNullable<AssignInquiryMutationVariables["input"]["priority"]>;
type Visibility = ReplyToInquiryMutationVariables["input"]["visibility"];
type Department = AssignableDepartmentsQuery["departments"][number];

// ---------------------------------------------------------------------------------------
// The queue

/** The tabs above the queue, each a server-side filter and order. */
export type QueueTab = "intake" | "mine" | "dueSoon" | "overdue" | "answered";

export interface QueueRequest {
  readonly tab: QueueTab;
  readonly districtCode: string;
  /** The officer's own department, for the "mine" tab. */
  readonly departmentId: string | null;
  readonly search: string;
  readonly after: string | null;
  readonly pageSize: number;
}

export function queueVariables(request: QueueRequest): WorkQueueQueryVariables {
  const base: Filter = {
    districtCode: request.districtCode,
    text: request.search.trim().length > 0 ? request.search.trim() : null,
  };
  const byTab: Record<QueueTab, { filter: Filter; orderBy: OrderBy }> = {
    intake: { filter: { ...base, status: ["NEW"] }, orderBy: "CREATED_ASC" },
    mine: {
      filter: { ...base, departmentId: request.departmentId, status: ["ASSIGNED", "IN_PROGRESS", "REOPENED"] },
      orderBy: "DUE_ASC",
    },
    dueSoon: { filter: { ...base, deadlineState: "DUE_SOON" }, orderBy: "DUE_ASC" },
    overdue: { filter: { ...base, deadlineState: "OVERDUE" }, orderBy: "DUE_ASC" },
    answered: { filter: { ...base, status: ["ANSWERED"] }, orderBy: "CREATED_DESC" },
  };
  const { filter, orderBy } = byTab[request.tab];
  return { first: Math.min(Math.max(request.pageSize, 1), 100), after: request.after, filter, orderBy };
}

export type Badge = "overdue" | "dueSoon" | "onTrack" | "done" | "none";

const BADGE: { readonly [S in DeadlineState]?: Badge } = {
  OVERDUE: "overdue",
  MISSED: "overdue",
  DUE_SOON: "dueSoon",
  ON_TRACK: "onTrack",
  MET: "done",
};

/** Mutations allowed from each status (the server's transition table decides; this hides buttons). */
const ACTIONS: { readonly [S in Status]?: ReadonlyArray<"assign" | "reply"> } = {
  NEW: ["assign"],
  ASSIGNED: ["assign", "reply"],
  IN_PROGRESS: ["assign", "reply"],
  ANSWERED: ["reply"],
  REOPENED: ["assign", "reply"],
};

export interface QueueRow {
  readonly id: string;
  /** Sent back as `expectedVersion`. */
  readonly version: number;
  readonly reference: string;
  readonly subject: string;
  readonly status: Status;
  readonly urgent: boolean;
  readonly badge: Badge;
  readonly dueAt: string;
  readonly districtCode: string | null;
  /** "待分派" while in the district's intake queue. */
  readonly handler: string;
  readonly citizen: string;
  readonly lastReply: string | null;
  readonly extensionRequested: boolean;
  readonly actions: ReadonlyArray<"assign" | "reply">;
}

export function toQueueRow(row: WorkQueueRowFragment): QueueRow {
  const handler = row.department === null
    ? "待分派"
    : row.officer === null
      ? row.department.name
      : `${row.department.name} / ${row.officer.dutyName}${row.officer.badgeNumber === null ? "" : `（${row.officer.badgeNumber}）`}`;
  return {
    id: row.id,
    version: row.version,
    reference: row.reference,
    subject: row.subject,
    status: row.status,
    urgent: row.priority === "URGENT" || row.priority === "HIGH",
    badge: row.deadlineState === null ? "none" : (BADGE[row.deadlineState] ?? "none"),
    dueAt: formatTime(row.dueAt),
    districtCode: row.district?.code ?? null,
    handler,
    // Masked (陈**, 138****5678) or null for a protected informant, as the server decides.
    citizen: [row.citizenName, row.citizenPhone].filter((part): part is string => part !== null).join(" ") || "（受保护）",
    lastReply: row.lastReply === null
      ? null
      : `${formatTime(row.lastReply.createdAt)} ${row.lastReply.signedBy.dutyName ?? ""}：${row.lastReply.body}`,
    extensionRequested: row.pendingExtensionDays !== null,
    actions: ACTIONS[row.status] ?? [],
  };
}

export interface QueueView {
  /** "10,000+" when the server stopped counting at its cap. */
  readonly totalLabel: string;
  readonly page: Page<QueueRow>;
}

export function toQueueView(data: WorkQueueQuery): QueueView {
  const { inquiries } = data;
  const total = inquiries.totalCount.toLocaleString("en-US");
  return {
    totalLabel: inquiries.totalCountCapped ? `${total}+` : total,
    page: toPage(inquiries, toQueueRow),
  };
}

export async function loadQueue(client: Client, request: QueueRequest): Promise<QueueView | ApiError> {
  const result = await client.request(WorkQueueDocument, queueVariables(request));
  return result.ok ? toQueueView(result.data) : result.error;
}

/** Every row of a tab, page after page (exports, bulk actions). */
export async function* allRows(client: Client, request: QueueRequest): AsyncGenerator<QueueRow, void, undefined> {
  let after: string | null = null;
  do {
    const result = await client.request(WorkQueueDocument, queueVariables({ ...request, after, pageSize: 100 }));
    if (!result.ok) throw new Error(describeError(result.error));
    const view = toQueueView(result.data);
    yield* view.page.items;
    after = view.page.nextCursor;
  } while (after !== null);
}

// ---------------------------------------------------------------------------------------
// Lifecycle mutations: optimistic concurrency and typed error handling

/** What the screen does after a mutation, decided by `extensions.code`. */
export type MutationOutcome<TDone> =
  | { readonly kind: "done"; readonly value: TDone }
  /** CONFLICT: the row changed since it was loaded; refetch and show the new state. */
  | { readonly kind: "stale"; readonly message: string }
  /** BAD_USER_INPUT on a field of the dialog: show it next to that field. */
  | { readonly kind: "fieldError"; readonly field: string; readonly message: string }
  /** INVALID_TRANSITION, FORBIDDEN, NOT_FOUND and the rest: a toast. */
  | { readonly kind: "refused"; readonly message: string }
  /** UNAUTHENTICATED: the staff token expired or the officer was deactivated. */
  | { readonly kind: "signIn" };

export function outcomeOf<TDone>(error: ApiError): MutationOutcome<TDone> {
  if (error.kind !== "graphql") return { kind: "refused", message: describeError(error) };
  switch (error.code) {
    case "CONFLICT":
      return { kind: "stale", message: describeError(error) };
    case "BAD_USER_INPUT":
      return error.field === null
        ? { kind: "refused", message: error.message }
        : { kind: "fieldError", field: error.field, message: error.message };
    case "UNAUTHENTICATED":
      return { kind: "signIn" };
    default:
      return { kind: "refused", message: describeError(error) };
  }
}

export interface AssignDialog {
  readonly departments: ReadonlyArray<{ readonly id: string; readonly label: string }>;
}

/** Departments that may take inquiries of the row's district (active ones only). */
export async function openAssignDialog(client: Client, row: QueueRow): Promise<AssignDialog | ApiError> {
  // No district visible to the caller: nothing it could assign to.
  if (row.districtCode === null) return { departments: [] };
  const result = await client.request(AssignableDepartmentsDocument, { districtCode: row.districtCode });
  if (!result.ok) return result.error;
  return {
    departments: result.data.departments
      .filter((department: Department) => department.active)
      .map((department) => ({
        id: department.id,
        label: department.kind === "DIVISION" ? `${department.name}（市局）` : department.name,
      })),
  };
}

export async function assign(
  client: Client,
  row: QueueRow,
  choice: { readonly departmentId: string; readonly officerId: string | null; readonly priority: Priority | null },
): Promise<MutationOutcome<QueueRow>> {
  const result = await client.request(AssignInquiryDocument, {
    input: {
      inquiryId: row.id,
      expectedVersion: row.version,
      departmentId: choice.departmentId,
      officerId: choice.officerId,
      priority: choice.priority,
    },
  });
  if (!result.ok) return outcomeOf(result.error);
  return { kind: "done", value: toQueueRow(result.data.assignInquiry.inquiry) };
}

export interface SentReply {
  readonly row: QueueRow;
  readonly signature: string;
  readonly fromLibrary: boolean;
}

function toSentReply(payload: ReplyToInquiryMutation["replyToInquiry"]): SentReply {
  const { signedBy } = payload.reply;
  return {
    row: toQueueRow(payload.inquiry),
    signature: `${signedBy.dutyName ?? ""}（${signedBy.realName ?? ""}）· ${signedBy.department?.name ?? ""}`,
    fromLibrary: payload.reply.answerEntryId !== null,
  };
}

/** PUBLIC/PRIVATE replies move the inquiry to ANSWERED; INTERNAL notes keep its status. */
export async function reply(
  client: Client,
  row: QueueRow,
  draft: { readonly visibility: Visibility; readonly body: string | null; readonly answerEntryId: string | null },
): Promise<MutationOutcome<SentReply>> {
  const result = await client.request(ReplyToInquiryDocument, {
    input: {
      inquiryId: row.id,
      expectedVersion: row.version,
      visibility: draft.visibility,
      body: draft.body,
      answerEntryId: draft.answerEntryId,
    },
  });
  if (!result.ok) return outcomeOf(result.error);
  return { kind: "done", value: toSentReply(result.data.replyToInquiry) };
}

/** The queue's reaction: replace the row, refetch it, or show a message. */
export function applyOutcome(
  rows: ReadonlyArray<QueueRow>,
  target: QueueRow,
  outcome: MutationOutcome<QueueRow | SentReply>,
): { rows: ReadonlyArray<QueueRow>; toast: string | null; refetch: boolean } {
  switch (outcome.kind) {
    case "done": {
      const updated = "row" in outcome.value ? outcome.value.row : outcome.value;
      return { rows: rows.map((row) => (row.id === target.id ? updated : row)), toast: null, refetch: false };
    }
    case "stale":
      return { rows, toast: outcome.message, refetch: true };
    case "fieldError":
      return { rows, toast: `${outcome.field}：${outcome.message}`, refetch: false };
    case "refused":
      return { rows, toast: outcome.message, refetch: false };
    case "signIn":
      return { rows, toast: "登录已过期，请重新登录", refetch: false };
  }
}
