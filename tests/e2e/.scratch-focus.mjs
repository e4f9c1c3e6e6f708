import { startServer } from '../../scripts/serve.mjs';
import { openApp, sleep } from './harness.mjs';
const server = await startServer(process.env.KG_WEB_DIR, 0);
const base = `http://127.0.0.1:${server.address().port}`;
const app = await openApp(base, { width: 1400, height: 860 });
await app.waitFor((st) => st.reviews.length === 4 && st.shell.pendingFiles === 0, 'demo', 20000);
await app.page.keyboard.press('n');
for (let i = 0; i < 5; i++) { await sleep(100); const s = await app.query(); console.log('typing', s.typing, s.shell.frames, s.last_shortcut); }
await app.page.keyboard.type('abc');
await sleep(300);
console.log(JSON.stringify((await app.query()).reviews[0].notes));
await app.page.screenshot({ path: '/tmp/ui/focus.png' });
await app.close(); server.close();
