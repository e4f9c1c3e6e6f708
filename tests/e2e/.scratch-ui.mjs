import { startServer } from '../../scripts/serve.mjs';
import { openApp } from './harness.mjs';
const server = await startServer(process.env.KG_WEB_DIR, 0);
const base = `http://127.0.0.1:${server.address().port}`;
const app = await openApp(base, { width: 1400, height: 860, colorScheme: process.env.SCHEME || 'light' });
const s = await app.waitFor((st) => st.reviews.length === 4 && st.shell.pendingFiles === 0, 'demo', 20000);
await new Promise(r => setTimeout(r, 800));
for (const k of (process.env.KEYS || '').split(',').filter(Boolean)) { await app.page.keyboard.press(k); await new Promise(r => setTimeout(r, 120)); }
await new Promise(r => setTimeout(r, 500));
await app.page.screenshot({ path: '/tmp/ui/' + (process.env.NAME || 'shot') + '.png' });
console.log(JSON.stringify(await app.query()).slice(0, 3000));
console.log('errors', app.pageErrors, app.consoleErrors);
await app.close(); server.close();
