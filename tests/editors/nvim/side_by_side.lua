-- dockerls next to dockerfile-language-server, configured under nvim-lspconfig's
-- name `dockerls` (Neovim 0.11+): both attach to the buffer, each keeps its own
-- command, and the diagnostics of both stay in separate namespaces.
-- Extra input: DOCKERLS_OTHER_SERVER_CMD (JSON list) for docker-langserver.
-- Run: nvim --headless -u NONE -i NONE -n -l side_by_side.lua
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*)/') or '.'
local t = dofile(here .. '/lib.lua')

t.run(function()
  t.assert(t.has_011, 'side_by_side.lua needs Neovim 0.11+')
  vim.opt.runtimepath:append(here .. '/other-servers')
  vim.lsp.config('dockerls', { cmd = vim.fn.json_decode(os.getenv('DOCKERLS_OTHER_SERVER_CMD')) })
  vim.lsp.enable('dockerls')

  local bufnr, ours = t.open_and_attach()
  local other
  t.wait(15000, 'dockerfile-language-server to attach', function()
    other = vim.lsp.get_clients({ bufnr = bufnr, name = 'dockerls' })[1]
    return other ~= nil and other.initialized
  end)
  t.log('attached: %s', table.concat(vim.tbl_map(function(c)
    return string.format('%s (%s)', c.name, table.concat(c.config.cmd, ' '))
  end, vim.lsp.get_clients({ bufnr = bufnr })), ', '))
  t.assert(#vim.lsp.get_clients({ bufnr = bufnr }) == 2, 'expected exactly two clients')
  -- Neither config leaked into the other (the name clash this naming avoids).
  t.assert(ours.config.cmd[1] ~= other.config.cmd[1], 'both clients run %s', ours.config.cmd[1])
  t.assert(vim.endswith(other.config.cmd[1], 'docker-langserver'), 'dockerls runs %s', other.config.cmd[1])

  t.wait_diagnostics(bufnr, ours, 'APT')
  local ns_other = vim.lsp.diagnostic.get_namespace(other.id)
  local theirs
  t.wait(15000, 'diagnostics from dockerfile-language-server', function()
    theirs = vim.diagnostic.get(bufnr, { namespace = ns_other })
    return #theirs > 0
  end)
  for _, d in ipairs(theirs) do
    t.log('other server: line %d source=%s: %s', d.lnum + 1, tostring(d.source), d.message)
  end

  -- Both sets are shown together: the buffer's diagnostics are their union.
  local ns_ours = vim.lsp.diagnostic.get_namespace(ours.id)
  t.assert(ns_ours ~= ns_other, 'both clients share diagnostic namespace %d', ns_ours)
  local n_ours = #vim.diagnostic.get(bufnr, { namespace = ns_ours })
  local all = vim.diagnostic.get(bufnr)
  t.assert(#all == n_ours + #theirs, 'buffer has %d diagnostics, namespaces %d + %d', #all, n_ours, #theirs)
  for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = ns_ours })) do
    t.assert(d.source == 'dockerls', 'dockerls diagnostic with source %s', tostring(d.source))
  end
end)
