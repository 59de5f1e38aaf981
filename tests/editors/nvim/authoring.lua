-- Writing a mount by hand in Neovim: completion of a cache target after CJK and emoji on the
-- same line (Neovim converts the cursor to the negotiated encoding: UTF-16 on 0.7, UTF-8 on
-- 0.11), its text edit applied by Neovim's own vim.lsp.util.apply_text_edits, then
-- vim.lsp.buf.hover() on the package manager's command, read from the float it opens.
-- Extra inputs: DOCKERLS_EXPECT_LINE, the RUN line after the completion;
-- DOCKERLS_EXPECT_HOVER, text the hover must show.
-- Run: nvim --headless -u NONE -i NONE -n -l authoring.lua            (0.11+)
--      nvim --headless -u NONE -i NONE -n -c 'luafile authoring.lua'  (0.7)
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*)/') or '.'
local t = dofile(here .. '/lib.lua')

local function request(client, bufnr, method, params)
  local resp, err
  if t.has_011 then
    resp, err = client:request_sync(method, params, 10000, bufnr)
  else
    resp, err = client.request_sync(method, params, 10000, bufnr)
  end
  t.assert(resp and not resp.err, '%s failed: %s %s', method, vim.inspect(resp), tostring(err))
  return resp.result
end

local function position_params(client)
  if t.has_011 then
    return vim.lsp.util.make_position_params(0, client.offset_encoding)
  end
  return vim.lsp.util.make_position_params()
end

-- The cursor on line `lnum` (1-based), just after the first `needle` (bytes, as Neovim counts).
local function cursor_after(bufnr, needle)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local start = line:find(needle, 1, true)
    if start then
      vim.api.nvim_win_set_cursor(0, { lnum, start - 1 + #needle })
      return lnum
    end
  end
  error('no line contains ' .. needle, 0)
end

t.run(function()
  local bufnr, client = t.open_and_attach()

  -- Completion: the cache directory of `npm ci` for user node, with its uid and gid.
  local lnum = cursor_after(bufnr, 'type=cache,target=')
  local params = position_params(client)
  t.log('completion at %s (offset encoding %s)', vim.inspect(params.position), client.offset_encoding)
  local result = request(client, bufnr, 'textDocument/completion', params)
  local items = result.items or result
  local labels = vim.tbl_map(function(item) return item.label end, items)
  t.log('completion items: %s', table.concat(labels, ' | '))
  t.assert(#items == 1, 'expected one item, got %s', vim.inspect(labels))
  vim.lsp.util.apply_text_edits({ items[1].textEdit }, bufnr, client.offset_encoding)
  local line = vim.api.nvim_buf_get_lines(bufnr, lnum - 1, lnum, false)[1]
  t.log('line %d after the completion: %s', lnum, line)
  t.assert(line == os.getenv('DOCKERLS_EXPECT_LINE'), 'line %d is %q', lnum, line)

  -- Hover on `npm`, through Neovim's own hover (a floating window).
  cursor_after(bufnr, ' np')
  vim.lsp.buf.hover()
  local shown
  t.wait(10000, 'the hover window', function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        shown = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), '\n')
        return true
      end
    end
    return false
  end)
  t.log('hover window:\n%s', shown)
  for want in (os.getenv('DOCKERLS_EXPECT_HOVER') or ''):gmatch('[^\n]+') do
    t.assert(t.contains(shown, want), 'the hover does not show %q', want)
  end
  for _, msg in ipairs(t.messages) do
    t.assert(not msg:find('^%[4%]'), 'Neovim reported an error: %s', msg) -- 4 = vim.log.levels.ERROR
  end
end)
