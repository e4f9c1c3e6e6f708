#include "report/internal/report_labels.h"

namespace kg::report_labels {

const Labels& english() {
    static const Labels l{
        "Scoring Report", "Scoring Overview", "Answer key", "Reviews scored", "Rubric",
        "○ = 1.0, △ = 0.5, × = 0.0; bonus +0.5 per item (max 5); penalty -0.5 per item",
        "Graded by", "Run ", " Scoring", "| ID | Problem | Detection | Score | Justification |",
        "(not graded)", "Detection Subtotal", "Bonus Analysis", "Bonus Total", "Penalty Analysis",
        "Penalty Total", "None.", "items", "over the cap of 5, not counted", "Score", "Summary",
        "| Run | Detection | Bonus | Penalty | Total |", "Mean", "SD", "Stability",
        "Prompt comparison", "Round", "| Prompt | Runs | Mean | SD | Stability | Bonus | Penalty |",
        "(baseline)", "Problem", "Detection rate", "**Detection**", "**Run score**",
        "Cells: one verdict per run (○ detected, △ partial, × missed, - not graded). Detection rate: "
        "mean verdict score over the graded runs of every prompt (○ 100%, △ 50%, × 0%).",
        "Recommendation", "No review is graded against this key.", "Across rounds",
        "| Round | Key | Best prompt | Best mean | Change |", "Convergence", "Warnings"};
    return l;
}

const Labels& japanese() {
    static const Labels l{
        "採点レポート", "採点概要", "正解キー", "採点対象", "採点基準",
        "○ = 1.0、△ = 0.5、× = 0.0; ボーナス +0.5/件 (上限5件); ペナルティ -0.5/件",
        "採点者", "Run ", " 採点", "| 問題ID | 問題 | 判定 | スコア | 根拠 |",
        "(未採点)", "検出小計", "ボーナス分析", "ボーナス合計", "ペナルティ分析",
        "ペナルティ合計", "なし。", "件", "上限5件を超えるため加点なし", "スコア", "サマリー",
        "| Run | 検出 | ボーナス | ペナルティ | 合計 |", "平均", "標準偏差", "安定性",
        "プロンプト比較", "ラウンド", "| プロンプト | Run | 平均 | 標準偏差 | 安定性 | ボーナス | ペナルティ |",
        "(ベースライン)", "問題", "検出率", "**検出**", "**Runスコア**",
        "セル: Runごとの判定 (○ 検出、△ 部分検出、× 未検出、- 未採点)。検出率: 全プロンプトの採点済みRunの"
        "判定スコアの平均 (○ 100%、△ 50%、× 0%)。",
        "推奨", "この正解キーで採点されたレビューはありません。", "ラウンド推移",
        "| ラウンド | 正解キー | 最良プロンプト | 最良平均 | 変化 |", "収束判定", "警告"};
    return l;
}

}  // namespace kg::report_labels
