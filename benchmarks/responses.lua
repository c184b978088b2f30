-- wrk script for benchmarks/responses.py: each wrk thread is one connection of many phones, each
-- phone a new resident (its own cookie key, and its own address through X-Forwarded-For, as a
-- clip shared widely comes from many networks) sending one response to the highlight.
local common = require("wrk_common")
local i = 0
local stances = {"support", "oppose", "not+sure"}
local token, prefix, ackfile, key, stance

function init(args)
  highlight, token, prefix = args[1], args[2], args[3]
  ackfile = common.ack_file(args[4])
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
    oks = oks + 1
    if ackfile then ackfile:write(key, " ", stance, "\n"); ackfile:flush() end
  else
    errors = errors + 1
  end
end
