-- wrk script for benchmarks/responses.py: each wrk thread is one connection of many phones, each
-- phone a new resident (its own cookie key, and its own address through X-Forwarded-For, as a
-- clip shared widely comes from many networks) sending one response to the highlight.
local i = 0
responses, errors = 0, 0
local counter, threads = 0, {}
local stances = {"support", "oppose", "not+sure"}
local body_start, token, prefix, ackfile, key, stance

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  threads[#threads + 1] = thread
end

function init(args)
  highlight, token, prefix = args[1], args[2], args[3]
  local ack = args[4]
  if ack and ack ~= "" then ackfile = io.open(ack .. "." .. tid, "w") end
end

function request()
  i = i + 1
  key = string.format("%s-%03d-%010d", prefix, tid, i)
  stance = stances[(i % 3) + 1]
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",  -- a table here replaces wrk.headers
    ["Cookie"] = "csrftoken=" .. token .. "; resident=" .. key,
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", tid % 250, math.floor(i / 250) % 250, i % 250),
  }
  local body = "csrftoken=" .. token .. "&stance=" .. stance .. "&comment=bench+" .. i
  return wrk.format("POST", "/h/" .. highlight .. "/respond", headers, body)
end

function response(status, headers, resp)
  if status == 303 then
    responses = responses + 1
    if ackfile then ackfile:write(key, " ", stance, "\n"); ackfile:flush() end
  else
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local total, total_errors = 0, 0
  for _, t in ipairs(threads) do
    total = total + t:get("responses")
    total_errors = total_errors + t:get("errors")
  end
  io.write(string.format("RESPONSES %d %d\n", total, total_errors))
  io.write(string.format("LAT %d %d %d %d\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
  io.write(string.format("SUMMARY %d %d %d %d %d\n", summary.duration, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.bytes))
end
