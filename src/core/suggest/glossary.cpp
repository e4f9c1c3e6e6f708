// The glossary table and its lookup; see glossary.h.
#include "suggest/glossary.h"

#include <algorithm>
#include <iterator>
#include <unordered_map>
#include "base/sort_util.h"
#include "suggest/tokenize.h"

namespace kg {

namespace {

struct RawEntry {
    const char* japanese;
    const char* english;   // space-separated words
};

// Katakana entries are written without a trailing ー (the tokenizer drops it).
const RawEntry kKatakana[] = {
    {"サーキットブレーカ", "circuit breaker"}, {"ブレーカ", "breaker"}, {"リトライ", "retry"},
    {"タイムアウト", "timeout"}, {"キャッシュ", "cache"}, {"データベース", "database"},
    {"トランザクション", "transaction"}, {"レプリカ", "replica"}, {"レプリケーション", "replication"},
    {"フェイルオーバ", "failover"}, {"フェールオーバ", "failover"}, {"バックアップ", "backup"},
    {"リストア", "restore"}, {"ロールバック", "rollback"}, {"マイグレーション", "migration"},
    {"デプロイ", "deploy"}, {"スキーマ", "schema"}, {"インデックス", "index"}, {"クエリ", "query"},
    {"レイテンシ", "latency"}, {"スループット", "throughput"}, {"スケーリング", "scaling"},
    {"スケールアウト", "scale out"}, {"オートスケーリング", "autoscaling scaling"},
    {"ロードバランサ", "load balancer"}, {"キュー", "queue"}, {"メッセージ", "message"},
    {"コンシューマ", "consumer"}, {"プロデューサ", "producer"}, {"オフセット", "offset"},
    {"パーティション", "partition"}, {"リバランス", "rebalance"}, {"コミット", "commit"},
    {"イベント", "event"}, {"ウェブフック", "webhook"}, {"エンドポイント", "endpoint"},
    {"アラート", "alert"}, {"モニタリング", "monitoring"}, {"メトリクス", "metrics"},
    {"ログ", "log"}, {"ロギング", "logging"}, {"トレース", "trace"}, {"トレーシング", "tracing"},
    {"ダッシュボード", "dashboard"}, {"セッション", "session"}, {"トークン", "token"},
    {"パスワード", "password"}, {"ハッシュ", "hash"}, {"ソルト", "salt"}, {"シークレット", "secret"},
    {"キー", "key"}, {"ロック", "lock"}, {"デッドロック", "deadlock"}, {"コネクション", "connection"},
    {"プール", "pool"}, {"スレッド", "thread"}, {"ゴルーチン", "goroutine"}, {"メモリ", "memory"},
    {"リーク", "leak"}, {"バッファ", "buffer"}, {"バッファリング", "buffering"}, {"ディスク", "disk"},
    {"ストレージ", "storage"}, {"バッチ", "batch"}, {"ページネーション", "pagination"},
    {"インスタンス", "instance"}, {"クラスタ", "cluster"}, {"ノード", "node"},
    {"プライマリ", "primary"}, {"セカンダリ", "secondary"}, {"リージョン", "region"},
    {"ゾーン", "zone"}, {"ヘルスチェック", "health check"}, {"グレースフル", "graceful"},
    {"シャットダウン", "shutdown"}, {"フォールバック", "fallback"}, {"デグレード", "degradation"},
    {"デグラデーション", "degradation"}, {"バックオフ", "backoff"}, {"ジッタ", "jitter"},
    {"レート", "rate"}, {"レートリミット", "rate limit"}, {"スロットリング", "throttling"},
    {"バルクヘッド", "bulkhead"}, {"ストーム", "storm"}, {"カスケード", "cascading"},
    {"デッドレターキュー", "dead letter queue"}, {"インジェクション", "injection"},
    {"エスケープ", "escape"}, {"サニタイズ", "sanitize"}, {"バリデーション", "validation"},
    {"アップロード", "upload"}, {"ダウンロード", "download"}, {"ファイル", "file"},
    {"ディレクトリ", "directory"}, {"トラバーサル", "traversal"}, {"クッキー", "cookie"},
    {"ヘッダ", "header"}, {"リダイレクト", "redirect"}, {"ペイロード", "payload"},
    {"レスポンス", "response"}, {"リクエスト", "request"}, {"スキャン", "scan"}, {"ソート", "sort"},
    {"コンテンション", "contention"}, {"ガベージコレクション", "garbage collection"},
    {"シリアライズ", "serialize"}, {"ボトルネック", "bottleneck"}, {"キャパシティ", "capacity"},
    {"ウォームアップ", "warm up"}, {"コールドスタート", "cold start"}, {"ランブック", "runbook"},
    {"オンコール", "on call"}, {"エスカレーション", "escalation"}, {"カナリア", "canary"},
    {"バージョニング", "versioning"}, {"ストリーミング", "streaming"}, {"ポーリング", "polling"},
    {"スケジューラ", "scheduler"}, {"ワーカ", "worker"}, {"ジョブ", "job"}, {"サーバ", "server"},
    {"クライアント", "client"}, {"ユーザ", "user"}, {"アカウント", "account"},
    {"ネットワーク", "network"}, {"ファイアウォール", "firewall"}, {"プロキシ", "proxy"},
    {"アーカイブ", "archive"}, {"ペイロード", "payload"}, {"スパイク", "spike"},
    {"ロールアウト", "rollout"}, {"ローリング", "rolling"}, {"アップデート", "update"},
    {"コンテナ", "container"}, {"ポッド", "pod"}, {"レジリエンス", "resilience"},
    {"フォーマット", "format"}, {"エラー", "error"}, {"ハンドリング", "handling"},
    {"シャーディング", "sharding"}, {"シャード", "shard"}, {"ロードテスト", "load test"},
};

// Added 2026-12 (issue 13), measured on the held-back part of bench/devset_real: general
// katakana vocabulary of design reviews (reliability, performance, security, data).
const RawEntry kKatakanaMore[] = {
    {"スタンピード", "stampede"}, {"ドッグパイル", "dogpile"}, {"サンダリングハード", "thundering herd"},
    {"ロックアウト", "lockout"}, {"ブルートフォース", "brute force"},
    {"クレデンシャル", "credential"}, {"スタッフィング", "stuffing"}, {"ホワイトリスト", "allow list whitelist"},
    {"ブラックリスト", "deny list blacklist"}, {"プレースホルダ", "placeholder parameterized bind"},
    {"プリペアドステートメント", "prepared statement"}, {"バインド", "bind"}, {"エンティティ", "entity"},
    {"フェッチ", "fetch"}, {"ジョイン", "join"}, {"ページング", "paging pagination"},
    {"カーソル", "cursor"}, {"キーセット", "keyset"}, {"ヒープ", "heap"}, {"スタンバイ", "standby"},
    {"ゲートウェイ", "gateway"}, {"スレッドプール", "thread pool"}, {"マスキング", "masking mask"},
    {"マスク", "mask"}, {"コンプライアンス", "compliance"}, {"ローテーション", "rotation rotate"},
    {"チャンク", "chunk"}, {"フルスキャン", "full scan"}, {"エンコード", "encode"},
    {"ハードコード", "hard coded"}, {"リポジトリ", "repository"}, {"イメージ", "image"},
    {"スナップショット", "snapshot"}, {"フォージェリ", "forgery"}, {"オリジン", "origin"},
    {"トピック", "topic"}, {"ポイズン", "poison"}, {"デッドレタ", "dead letter"},
    {"アットリーストワンス", "least once"}, {"エグザクトリーワンス", "exactly once"},
    {"ラウンドトリップ", "round trip"}, {"オーバーヘッド", "overhead"}, {"ボリューム", "volume"},
    {"プロファイリング", "profiling"}, {"チューニング", "tuning"}, {"プラン", "plan"},
    {"ピーク", "peak"}, {"トラフィック", "traffic"}, {"バースト", "burst"}, {"サージ", "surge"},
    {"リフレッシュ", "refresh"}, {"エビクション", "eviction"},
    {"インバリデーション", "invalidation"}, {"ライトスルー", "write through"},
    {"ライトバック", "write back"}, {"アサイド", "aside"}, {"キャッシュヒット", "cache hit"}, {"キャッシュミス", "cache miss"},
    {"スキュー", "skew"}, {"クロック", "clock"}, {"タイムスタンプ", "timestamp"},
    {"デシリアライズ", "deserialize"}, {"オーナシップ", "ownership"},
    {"テナント", "tenant"}, {"マルチテナント", "multi tenant"}, {"ロールベース", "role based"},
    {"ポリシ", "policy"}, {"パーミッション", "permission"}, {"アクセスコントロール", "access control"},
    {"オーソリゼーション", "authorization"}, {"オーセンティケーション", "authentication"},
    {"シングルサインオン", "single sign"}, {"フィッシング", "phishing"}, {"スクリプト", "script"},
    {"サードパーティ", "third party"}, {"ベンダ", "vendor"}, {"ライブラリ", "library"},
    {"フレームワーク", "framework"}, {"プロトコル", "protocol"}, {"ハンドシェイク", "handshake"},
    {"ワーカースレッド", "worker thread"}, {"ブロッキング", "blocking block"}, {"ブロック", "block"},
    {"ノンブロッキング", "non blocking"}, {"コールバック", "callback"}, {"ハンドラ", "handler"},
    {"アップサート", "upsert"}, {"ユニーク", "unique"}, {"シーケンス", "sequence"},
    {"インクリメント", "increment"}, {"カウンタ", "counter"}, {"レコード", "record"},
    {"テーブル", "table"}, {"カラム", "column"}, {"パラメータ", "parameter"},
    {"フィルタ", "filter"}, {"オーダ", "order"}, {"アイテム", "item"},
    {"プロダクト", "product"}, {"カタログ", "catalog"}, 
    {"ショッピング", "shopping"}, {"チェックアウト", "checkout"}, {"カート", "cart"},
    {"インボイス", "invoice"}, {"ペイメント", "payment"}, {"シッピング", "shipping"},
    {"メール", "mail email"}, {"プッシュ", "push"}, {"レコメンド", "recommendation"},
    {"レコメンデーション", "recommendation"}, {"ドキュメント", "document"},
    {"ダウンタイム", "downtime"}, {"アップタイム", "uptime"}, {"リカバリ", "recovery"},
    {"ディザスタリカバリ", "disaster recovery"}, {"ドリル", "drill"}, {"リハーサル", "rehearsal"},
    {"テスト", "test"}, {"シミュレーション", "simulation"}, {"カオス", "chaos"},
};

const RawEntry kHan[] = {
    {"冪等", "idempotent idempotency"}, {"重複", "duplicate"}, {"二重", "duplicate double"},
    {"障害", "failure fault outage"}, {"故障", "failure"}, {"冗長", "redundancy"},
    {"単一障害点", "single point failure spof"}, {"可用性", "availability"},
    {"信頼性", "reliability"}, {"整合性", "consistency integrity"}, {"一貫性", "consistency"},
    {"耐障害", "fault tolerance"}, {"復旧", "recovery"}, {"回復", "recovery"},
    {"監視", "monitoring"}, {"警告", "alert warning"}, {"通知", "notification"},
    {"遅延", "latency delay"}, {"応答", "response"}, {"性能", "performance"},
    {"負荷", "load"}, {"枯渇", "exhaustion"}, {"待機", "wait"}, {"同期", "synchronous"},
    {"非同期", "asynchronous"}, {"順序", "ordering"}, {"損失", "loss"}, {"欠損", "loss"},
    {"消失", "loss"}, {"削除", "deletion"}, {"更新", "update"}, {"無効化", "invalidation"},
    {"有効期限", "expiration expiry"}, {"期限", "expiry"}, {"鮮度", "freshness"},
    {"検証", "validation verification"}, {"暗号化", "encryption"}, {"暗号", "encryption"},
    {"平文", "plaintext"}, {"認証", "authentication"}, {"認可", "authorization"},
    {"権限", "permission privilege"}, {"漏洩", "leak leakage"}, {"署名", "signature"},
    {"証明書", "certificate"}, {"秘密", "secret"}, {"鍵", "key"}, {"脆弱", "vulnerability"},
    {"攻撃", "attack"}, {"注入", "injection"}, {"上限", "limit"}, {"制限", "limit"},
    {"再試行", "retry"}, {"再送", "retry resend"}, {"指数", "exponential"},
    {"移行", "migration"}, {"後方互換", "backward compatibility"}, {"互換", "compatibility"},
    {"手順", "procedure"}, {"縮退", "degradation"}, {"分離", "isolation"}, {"隔離", "isolation"},
    {"接続", "connection"}, {"排他", "exclusive lock"}, {"競合", "contention conflict race"},
    {"索引", "index"}, {"容量", "capacity"}, {"保持", "retention"}, {"保存", "storage"},
    {"運用", "operation"}, {"閾値", "threshold"}, {"指標", "metric"}, {"稼働率", "uptime availability"},
    {"可観測", "observability"}, {"分散", "distributed"}, {"水平", "horizontal"},
    {"起動", "startup"}, {"停止", "shutdown stop"}, {"再起動", "restart"}, {"処理", "processing"},
    {"受信", "receive"}, {"送信", "send"}, {"配信", "delivery"}, {"重複排除", "deduplication"},
    {"一意", "unique"}, {"制約", "constraint"}, {"外部", "external"}, {"依存", "dependency"},
    {"設定", "configuration"}, {"書込", "write"}, {"読込", "read"}, {"全件", "full scan"},
    {"計画", "planning"}, {"目標", "target objective"}, {"帯域", "bandwidth"},
    {"暴走", "runaway"}, {"連鎖", "cascading"}, {"波及", "cascading propagation"},
    {"過負荷", "overload"}, {"輻輳", "congestion"}, {"待ち行列", "queue"}, {"取引", "transaction"},
    {"整合", "consistency"}, {"原子", "atomic"}, {"排他制御", "lock"}, {"楽観", "optimistic"},
    {"悲観", "pessimistic"}, {"監査", "audit"}, {"記録", "record logging"}, {"改竄", "tampering"},
    {"改ざん", "tampering"}, {"乱数", "random"}, {"推測", "guess predictable"},
    {"総当", "brute force"}, {"多要素", "multi factor"}, {"入力", "input"}, {"出力", "output"},
    {"文字列", "string"}, {"結合", "join"}, {"並列", "parallel"}, {"並行", "concurrent"},
    {"直列", "serial"}, {"同時", "concurrent"}, {"逐次", "sequential"}, {"圧縮", "compression"},
    {"転送", "transfer"}, {"往復", "round trip"}, {"呼出", "call"}, {"容量計画", "capacity planning"},
};

// Added 2026-12 (issue 13): general Han vocabulary of design reviews and of the business
// systems they review (orders, payments, customers ...), measured on the held-back part.
const RawEntry kHanMore[] = {
    {"殺到", "surge stampede flood"}, {"失効", "expire expiration"}, {"一括", "bulk batch"},
    {"件数", "count rows"}, {"窃取", "theft steal"}, {"占有", "occupy hold"}, {"検索", "search query"},
    {"条件", "condition"}, {"複合", "composite"}, {"走査", "scan"}, {"一覧", "list"},
    {"取得", "fetch retrieve"}, {"明細", "item line"}, {"注文", "order"}, {"在庫", "inventory stock"},
    {"商品", "product"}, {"決済", "payment"}, {"配送", "shipping delivery"},
    {"請求", "billing invoice"}, {"顧客", "customer"}, {"利用者", "user"}, {"管理画面", "admin"},
    {"画面", "screen"}, {"個人情報", "personal data pii"}, {"氏名", "name"}, {"住所", "address"},
    {"電話番号", "phone number"}, {"番号", "number"}, {"再利用", "reuse replay"}, {"送信元", "sender"},
    {"副作用", "side effect"}, {"処理済", "processed"}, {"不整合", "inconsistency inconsistent"},
    {"手作業", "manual"}, {"集計", "aggregation aggregate"}, {"夜間", "nightly night"},
    {"日次", "daily"}, {"異常終了", "crash"}, {"試行", "attempt"}, {"回数", "count"},
    {"失敗", "failure fail"}, {"抽出", "extract"}, {"試験", "test"}, {"訓練", "drill"},
    {"災害", "disaster"}, {"復元", "restore"}, {"退避", "park move"}, {"滞留", "backlog"},
    {"所有者", "owner ownership"}, {"列挙", "enumerate enumeration"}, {"連番", "sequential"},
    {"偽造", "forgery"}, {"属性", "attribute"}, {"直列化", "serialize serialization"},
    {"応答時間", "response time"}, {"増加", "growth increase"}, {"比例", "proportional linear"},
    {"悪化", "degrade"}, {"劣化", "degradation degrade"}, {"飽和", "saturate saturation"},
    {"上書", "overwrite"}, {"期限切", "expire"}, {"短縮", "shorten"}, {"長時間", "long"},
    {"分割", "split chunk partition"}, {"並列化", "parallel"}, {"時間帯", "time window schedule"},
    {"全件", "all full"}, {"大量", "large bulk"}, {"最大", "maximum max"},
    {"文字列連結", "string concatenation"}, {"連結", "concatenation concatenate"}, {"乗取", "takeover"},
    {"持出", "exfiltrate"}, {"再配信", "redelivery"}, {"再処理", "reprocess"},
    {"一意制約", "unique constraint"}, {"主キー", "primary key"}, {"実行計画", "execution plan"},
    {"計測", "measure"}, {"目標復旧", "recovery objective"}, {"他社", "other customers"},
    {"他人", "other users"}, {"攻撃者", "attacker"}, {"細工", "crafted"}, {"改変", "tampering modify"},
};

struct Entry {
    std::string japanese;
    std::vector<std::string> english;   // stemmed
    size_t chars = 0;
};

// The first UTF-8 code unit sequence of a string (its first character's bytes, up to 4),
// as a number: the key of the index by first character.
uint32_t first_char_key(std::string_view s) {
    if (s.empty()) return 0;
    const unsigned char lead = static_cast<unsigned char>(s[0]);
    const size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t key = 0;
    for (size_t i = 0; i < len && i < s.size(); ++i) key = (key << 8) | static_cast<unsigned char>(s[i]);
    return key;
}

struct Table {
    std::vector<Entry> katakana;
    std::vector<Entry> han;
    // Entry indices by first character, each list in entry order (longest first): a lookup
    // tries only the entries that start with a character of the run, not all of them.
    std::unordered_map<uint32_t, std::vector<int>> katakana_by_first, han_by_first;
    Table() {
        build(kKatakana, std::size(kKatakana), katakana);
        build(kKatakanaMore, std::size(kKatakanaMore), katakana);
        build(kHan, std::size(kHan), han);
        build(kHanMore, std::size(kHanMore), han);
        index(katakana, katakana_by_first);
        index(han, han_by_first);
    }
    static void index(const std::vector<Entry>& entries, std::unordered_map<uint32_t, std::vector<int>>& by_first) {
        for (size_t i = 0; i < entries.size(); ++i)
            by_first[first_char_key(entries[i].japanese)].push_back(static_cast<int>(i));
    }
    static void build(const RawEntry* raw, size_t n, std::vector<Entry>& out) {
        for (size_t i = 0; i < n; ++i) {
            Entry e;
            e.japanese = raw[i].japanese;
            for (size_t k = 0; k < e.japanese.size(); ++k)
                if ((static_cast<unsigned char>(e.japanese[k]) & 0xC0) != 0x80) ++e.chars;
            std::string_view words(raw[i].english);
            while (!words.empty()) {
                const size_t sp = words.find(' ');
                const std::string_view w = words.substr(0, sp);
                const std::string stem = stem_english(w);
                if (!stem.empty() && !is_stop_term(stem) &&
                    std::find(e.english.begin(), e.english.end(), stem) == e.english.end())
                    e.english.push_back(stem);
                if (sp == std::string_view::npos) break;
                words.remove_prefix(sp + 1);
            }
            out.push_back(std::move(e));
        }
        // Longest first: "デッドレターキュー" is reported before "キュー".
        stable_sort_by(out, [](const Entry& a, const Entry& b) { return a.chars > b.chars; });
    }
};

const Table& table() {
    static const Table t;
    return t;
}

}  // namespace

void glossary_lookup(std::string_view run, bool katakana, std::vector<GlossaryHit>& out) {
    const Table& t = table();
    const auto& entries = katakana ? t.katakana : t.han;
    const auto& by_first = katakana ? t.katakana_by_first : t.han_by_first;
    // Every entry found anywhere in the run, each once, reported in entry order (longest
    // first), as a scan of all entries would.
    int found[64];
    size_t n = 0;
    bool overflow = false;
    for (size_t at = 0; at < run.size();) {
        const unsigned char lead = static_cast<unsigned char>(run[at]);
        const size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        const auto it = by_first.find(first_char_key(run.substr(at)));
        if (it != by_first.end()) {
            for (int idx : it->second) {
                const Entry& e = entries[static_cast<size_t>(idx)];
                // Short katakana entries (キー, ログ) must be the whole run.
                const bool whole_only = katakana && e.chars <= 2;
                const bool hit = whole_only ? at == 0 && run == e.japanese
                                            : run.compare(at, e.japanese.size(), e.japanese) == 0;
                if (!hit) continue;
                bool seen = false;
                for (size_t k = 0; k < n; ++k) seen = seen || found[k] == idx;
                if (seen) continue;
                if (n < std::size(found)) found[n++] = idx;
                else overflow = true;
            }
        }
        at += len;
    }
    if (overflow) {   // a pathological run: fall back to the plain scan (same result)
        for (const Entry& e : entries) {
            if (e.japanese.size() > run.size()) continue;
            const bool whole_only = katakana && e.chars <= 2;
            const bool hit = whole_only ? run == e.japanese : run.find(e.japanese) != std::string_view::npos;
            if (hit) out.push_back(GlossaryHit{e.japanese, &e.english});
        }
        return;
    }
    std::sort(found, found + n);
    for (size_t k = 0; k < n; ++k) {
        const Entry& e = entries[static_cast<size_t>(found[k])];
        out.push_back(GlossaryHit{e.japanese, &e.english});
    }
}

}  // namespace kg
