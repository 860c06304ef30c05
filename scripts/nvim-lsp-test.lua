-- Headless Neovim check of yaml-lsp, driven by scripts/nvim-lsp-test.sh via
-- environment variables:
--   YLSP_CMD     server command (run with sh -c)
--   YLSP_FILE    YAML file to open
--   YLSP_LINE    1-based line where a diagnostic must arrive
--   YLSP_TEXT    substring its message must contain
--   YLSP_FIX_LINE 1-based line with trailing spaces: its quick fix (a code
--                action) must remove them from the buffer
--   YLSP_TIMEOUT milliseconds to wait (default 10000)
-- Prints one line per diagnostic and a verdict; exits 0 when the expected
-- diagnostic arrived, 1 otherwise.
local cmd = os.getenv('YLSP_CMD')
local file = vim.fn.fnamemodify(os.getenv('YLSP_FILE'), ':p')
local want_line = tonumber(os.getenv('YLSP_LINE'))
local want_text = os.getenv('YLSP_TEXT') or ''
local timeout = tonumber(os.getenv('YLSP_TIMEOUT') or '10000')
local fix_line = tonumber(os.getenv('YLSP_FIX_LINE') or '0')
local uri = vim.uri_from_fname(file)

local latest = nil
local client_id = vim.lsp.start_client({
  name = 'yaml-lsp',
  cmd = { 'sh', '-c', 'exec ' .. cmd },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result and result.uri == uri then latest = result end
      return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
    end,
  },
})
if not client_id then
  print('FAIL: could not start ' .. cmd)
  vim.cmd('cquit 1')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)

local function found()
  if not latest then return false end
  for _, d in ipairs(latest.diagnostics or {}) do
    if d.range.start.line + 1 == want_line and string.find(d.message, want_text, 1, true) then return true end
  end
  return false
end

local ok = vim.wait(timeout, found, 20)
for _, d in ipairs((latest and latest.diagnostics) or {}) do
  print(string.format('%s:%d:%d: %s [%s]', file, d.range.start.line + 1, d.range.start.character + 1, d.message, tostring(d.code)))
end

-- Hover on the same line must answer from the schema, too.
local hover_ok = false
if ok then
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = uri }, position = { line = want_line - 1, character = 3 },
  }, 5000)
  for _, r in pairs(res or {}) do
    if r.result and r.result.contents and r.result.contents.value and r.result.contents.value ~= '' then
      hover_ok = true
      print('hover: ' .. r.result.contents.value:gsub('\n', ' | '))
    end
  end
end

-- The quick fix for the trailing spaces: ask for the code actions of the
-- line with its diagnostics, apply the fix's workspace edit, read the buffer.
local fix_ok = fix_line == 0
if ok and fix_line > 0 then
  local diags = {}
  for _, d in ipairs(latest.diagnostics or {}) do
    if d.range.start.line + 1 == fix_line then table.insert(diags, d) end
  end
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = fix_line - 1, character = 0 }, ['end'] = { line = fix_line, character = 0 } },
    context = { diagnostics = diags, only = { 'quickfix' } },
  }, 5000)
  for _, r in pairs(res or {}) do
    for _, action in ipairs(r.result or {}) do
      if action.edit and string.find(action.title, 'trailing', 1, true) and not fix_ok then
        print('code action: ' .. action.title)
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
        local text = vim.api.nvim_buf_get_lines(buf, fix_line - 1, fix_line, false)[1]
        fix_ok = text ~= nil and not string.find(text, '%s$')
        print('line ' .. fix_line .. ' after the fix: ' .. vim.inspect(text))
      end
    end
  end
end

vim.lsp.stop_client(client_id)
vim.wait(1000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
if ok and hover_ok and fix_ok then
  print(string.format('PASS: diagnostic at line %d containing %q (Neovim %s)', want_line, want_text, tostring(vim.version().major) .. '.' .. tostring(vim.version().minor)))
  vim.cmd('qall!')
else
  print(string.format('FAIL: diagnostic at line %d containing %q: %s; hover: %s; code action: %s', want_line, want_text, tostring(ok), tostring(hover_ok), tostring(fix_ok)))
  vim.cmd('cquit 1')
end
