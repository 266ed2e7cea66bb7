-- wrk script for GraphQL POSTs: wrk ... -s bench/wrk/graphql.lua <url> -- <bodies.jsonl> [token]
-- Each request sends one line of <bodies.jsonl> (picked at random, so writes and lookups vary).
-- Every response is checked: a non-200 status or an `"errors"` key counts as an error.
-- At the end it prints one JSON line: requests, req/s, p50/p90/p99 latency (ms) and errors.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(bodies, line) end
  end
  if #bodies == 0 then error("no request bodies in " .. args[1]) end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  if args[2] and #args[2] > 0 then wrk.headers["Authorization"] = "Bearer " .. args[2] end
  errors = 0
  first_error = ""
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  return wrk.format(nil, nil, nil, bodies[math.random(#bodies)])
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    errors = errors + 1
    if first_error == "" then first_error = (status .. " " .. body:sub(1, 300)):gsub('[%c"\\]', " ") end
  end
end

function done(summary, latency, requests)
  local errs, sample = 0, ""
  for _, t in ipairs(threads) do
    errs = errs + (t:get("errors") or 0)
    local s = t:get("first_error")
    if s and s ~= "" and sample == "" then sample = s end
  end
  errs = errs + summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"errors":%d,"error_sample":"%s"}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    errs, sample))
end
