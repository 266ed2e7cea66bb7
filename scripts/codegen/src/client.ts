// The transport every front end shares: one typed `request` over `fetch` for any generated
// document, and errors read by their documented `extensions.code` rather than by message.
//
// Result and variable types come only from the generated operation types
// (`XxxQuery`, `XxxMutationVariables`), never from the schema's own type names, so renaming
// a root, payload or input type in the schema does not touch this code.

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { getOperationAST, print } from "graphql";

/** The `extensions.code` values the server documents (README: errors, limits, subscriptions). */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "CONFLICT",
  "INVALID_TRANSITION",
  "INTERNAL",
  "RATE_LIMITED",
  "QUERY_TOO_COMPLEX",
  "PERSISTED_QUERY_NOT_FOUND",
  "CURSOR_EXPIRED",
  "SUBSCRIPTION_ENDED",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What the server puts in `extensions`; every key is optional on the wire. */
export interface ErrorExtensions {
  readonly code?: string;
  /** BAD_USER_INPUT (and NOT_FOUND of an id argument): the input field concerned. */
  readonly field?: string;
  /** Every error: the request id, also in the `x-request-id` header and the server log. */
  readonly requestId?: string;
  /** INTERNAL: quote it to the bureau's support desk. */
  readonly correlationId?: string;
  /** RATE_LIMITED: whole seconds to wait. */
  readonly retryAfter?: number;
}

export interface GraphQLErrorPayload {
  readonly message: string;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: ErrorExtensions;
}

interface GraphQLResponseBody<TResult> {
  readonly data?: TResult | null;
  readonly errors?: ReadonlyArray<GraphQLErrorPayload>;
}

/** A failed request, as screens handle it. */
export type ApiError =
  | {
      readonly kind: "graphql";
      readonly code: ErrorCode | "UNKNOWN";
      readonly message: string;
      readonly field: string | null;
      readonly requestId: string | null;
      readonly retryAfterSeconds: number | null;
    }
  | { readonly kind: "network"; readonly message: string }
  | { readonly kind: "http"; readonly status: number };

export type Result<TResult> =
  | { readonly ok: true; readonly data: TResult }
  | { readonly ok: false; readonly error: ApiError };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as ReadonlyArray<string>).includes(value);
}

/** The typed reading of one GraphQL error's `extensions`. */
export function toApiError(error: GraphQLErrorPayload): ApiError {
  const ext = error.extensions ?? {};
  return {
    kind: "graphql",
    code: isErrorCode(ext.code) ? ext.code : "UNKNOWN",
    message: error.message,
    field: ext.field ?? null,
    requestId: ext.requestId ?? ext.correlationId ?? null,
    retryAfterSeconds: typeof ext.retryAfter === "number" ? ext.retryAfter : null,
  };
}

export interface ClientOptions {
  /** e.g. `https://wenzheng.example.gov.cn/graphql` */
  readonly endpoint: string;
  /** A bearer token (citizen, partner or staff), read before every request; none: anonymous. */
  readonly token?: () => string | null;
  readonly fetch?: typeof fetch;
}

export interface RequestOptions {
  readonly signal?: AbortSignal;
}

export interface Client {
  request<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    options?: RequestOptions,
  ): Promise<Result<TResult>>;
}

export function createClient(options: ClientOptions): Client {
  const doFetch = options.fetch ?? fetch;
  // print() once per document, not once per request.
  const printed = new WeakMap<object, { query: string; operationName: string | null }>();

  return {
    async request<TResult, TVariables>(
      document: TypedDocumentNode<TResult, TVariables>,
      variables: TVariables,
      requestOptions?: RequestOptions,
    ): Promise<Result<TResult>> {
      let source = printed.get(document);
      if (source === undefined) {
        source = {
          query: print(document),
          operationName: getOperationAST(document)?.name?.value ?? null,
        };
        printed.set(document, source);
      }

      const headers: Record<string, string> = {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json;q=0.9",
      };
      const token = options.token?.() ?? null;
      if (token !== null) headers.authorization = `Bearer ${token}`;

      let response: Response;
      try {
        response = await doFetch(options.endpoint, {
          method: "POST",
          headers,
          body: JSON.stringify({ ...source, variables }),
          signal: requestOptions?.signal ?? null,
        });
      } catch (cause) {
        return { ok: false, error: { kind: "network", message: String(cause) } };
      }

      // Refusals (400 validation, 401, 413, 429...) still carry a GraphQL body with errors.
      const contentType = response.headers.get("content-type") ?? "";
      if (!contentType.includes("json")) {
        return { ok: false, error: { kind: "http", status: response.status } };
      }
      const body = (await response.json()) as GraphQLResponseBody<TResult>;
      const first = body.errors?.[0];
      if (first !== undefined) {
        const error = toApiError(first);
        if (error.kind === "graphql" && error.retryAfterSeconds === null) {
          const header = Number(response.headers.get("retry-after"));
          if (Number.isFinite(header) && header > 0) {
            return { ok: false, error: { ...error, retryAfterSeconds: header } };
          }
        }
        return { ok: false, error };
      }
      if (body.data == null) {
        return { ok: false, error: { kind: "http", status: response.status } };
      }
      return { ok: true, data: body.data };
    },
  };
}

/** The sentence a screen shows for an error no caller handled more specifically. */
export function describeError(error: ApiError): string {
  switch (error.kind) {
    case "network":
      return "网络连接失败，请稍后重试";
    case "http":
      return `服务暂时不可用（HTTP ${error.status}）`;
    case "graphql":
      switch (error.code) {
        case "UNAUTHENTICATED":
          return "登录已过期，请重新登录";
        case "FORBIDDEN":
          return "您没有权限进行此操作";
        case "NOT_FOUND":
          return "未找到该记录";
        case "BAD_USER_INPUT":
          return error.field === null ? error.message : `${error.field}：${error.message}`;
        case "CONFLICT":
          return "该记录已被他人更新，请刷新后重试";
        case "INVALID_TRANSITION":
          return "当前状态下不能进行此操作";
        case "RATE_LIMITED":
          return `操作过于频繁，请 ${error.retryAfterSeconds ?? 60} 秒后再试`;
        case "INTERNAL":
          return `系统错误，请联系管理员（编号 ${error.requestId ?? "未知"}）`;
        case "QUERY_TOO_COMPLEX":
        case "PERSISTED_QUERY_NOT_FOUND":
        case "CURSOR_EXPIRED":
        case "SUBSCRIPTION_ENDED":
        case "UNKNOWN":
          return error.message;
      }
  }
}

/** A forward-only page as lists render it (the schema's connections page forward only). */
export interface Page<TItem> {
  readonly items: ReadonlyArray<TItem>;
  readonly nextCursor: string | null;
}

/** Any generated connection selection with `edges { node }` and `pageInfo`. */
export function toPage<TNode, TItem>(
  connection: {
    readonly edges: ReadonlyArray<{ readonly node: TNode }>;
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  },
  map: (node: TNode) => TItem,
): Page<TItem> {
  return {
    items: connection.edges.map((edge) => map(edge.node)),
    nextCursor: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
  };
}

/** `2026-11-30T05:14:00Z` as the bureau shows it (Asia/Shanghai), or a dash for null. */
export function formatTime(iso: string | null): string {
  if (iso === null) return "—";
  return new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}
