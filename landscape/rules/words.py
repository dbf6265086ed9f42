"""What a word is: the one tokenizer and stop-word lists of labels and effects.

English: lower-case words, unigrams and bigrams, without stop words, numbers or measures.
Chinese: jieba's words (with the target industries' terms added), without function words,
pronouns, claim phrasing or numbers, plus two-word compounds ("垂直" + "起降" -> "垂直起降")
so that a label can show the whole term where jieba cut it in two.
"""
from __future__ import annotations

import functools
import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: Words every patent uses whatever its subject; they would otherwise top every label.
PATENT_STOP_WORDS_EN = frozenset("""
    invention inventions present disclosed disclosure disclose discloses comprising comprises
    comprise comprised include includes including included method methods apparatus apparatuses
    device devices system systems embodiment embodiments provided provide provides providing
    wherein whereby therein thereof thereto therefrom thereon configured said plurality first
    second third having has based least use used uses using may can could also further according
    accordingly particular particularly respective respectively corresponding generally herein
    substantially relates related relating aspect aspects example examples exemplary described
    describes invented technique techniques means member members portion portions part parts unit
    units element elements component components end ends side sides surface surfaces body main new
    improved improvement effectively efficiently capable allows allow allowing enable enables
    enabling make makes making made obtain obtained obtaining perform performed performing performs
    process processes set sets step steps form forms formed forming type types certain various
    different plural predetermined specific given associated arranged disposed located positioned
    mounted connected coupled attached non upper lower inner outer contain contains containing
    storage medium media readable transitory program programs recording instructions computer-readable
""".split())

#: Claim phrasing and pronouns: a label made of them ("claim / said / it") names no technology.
CLAIM_WORDS_EN = frozenset("""
    claim claims claimed claiming characterized characterised characterizing thereby therewith
    wherein whereby said aforesaid aforementioned hereinafter it its they them their this these
    those such one ones
""".split())
#: 权利要求 phrasing and pronouns; jieba cuts "根据权利要求1所述" into 根据/权利/要求/所述.
CLAIM_WORDS_ZH = frozenset("""
    权利 要求 权利要求 如权利要求 根据 所述 所述的 其特征在于 特征在于 特征 在于 包括 任一 任一项 之一 项
    它 它们 其 其它 其他 其余 该 该等 此 这 这些 这个 那 那些 他们 她们 我们 本身 自身 彼此
""".split())

#: English stop words: scikit-learn's general list plus the patent words above.
STOP_WORDS_EN = frozenset(ENGLISH_STOP_WORDS) | PATENT_STOP_WORDS_EN | CLAIM_WORDS_EN

#: Chinese function words and patent phrasing; jieba's output is filtered by this list.
STOP_WORDS_ZH = frozenset("""
    的 了 和 与 及 或 在 所述 其 该 为 于 上 中 下 一种 一个 一些 包括 包含 设有 设置 通过 进行 用于 具有 以及
    其中 本发明 本实用新型 本申请 本公开 发明 实用新型 公开 公开了 涉及 提供 提出 方法 装置 系统 技术领域 领域 属于
    实现 有效 特征 在于 其特征在于 使得 能够 可以 可 从而 并且 并 同时 所述的 相应 对应 根据 利用 采用 使用 得到
    获得 基于 至少 多个 若干 第一 第二 第三 一端 另一端 两端 之间 一侧 两侧 另一侧 内部 外部 顶部 底部 表面 结构
    组件 部件 本体 主体 固定 连接 安装 相连 设于 位于 分别 一体 技术 提高 降低 解决 问题 效果 有益效果 优点 简单
    方便 操作 步骤 实施例 上述 如下 以下 所示 包括有 由 将 对 从 向 等 而 且 即 也 还 又 再 已 被 把 使 让
    由于 因此 所以 如果 以便 以 用 是 有 无 不 个 种 多 少 大 小 好 高 低 新 两个 三个 多种 各 每 任意 方式
    情况 过程 作用 性能 功能 效率 成本 质量 目的 要求 需求 能力 作为 相对 一定 较 更 最 制备 制备方法 应用 及其
    用途 所得 结合 获取 确定 相关 进一步 优选 优选地 方案 本 此 这种 存储介质 可读存储介质 计算机可读
""".split()) | CLAIM_WORDS_ZH

#: Technical words of the target industries that jieba's general dictionary splits wrongly
#: ("注塑模具" came out as "注塑模" + "具"); added to a private jieba tokenizer, not the global one.
DOMAIN_WORDS_ZH = tuple("""
    积木 拼装积木 益智玩具 电动玩具 遥控玩具 遥控车 毛绒玩具 玩具车 玩具枪 发声玩具 拼图 魔方 陀螺 水枪 扭扭车
    注塑 注塑模具 注塑机 热流道 冷流道 浇口 型腔 型芯 模芯 顶针 顶出 顶出机构 脱模 开模 合模 定模 动模 吹塑
    吹塑机 挤出机 吹膜 造粒 改性塑料 色母粒 阻燃剂 增韧剂 相容剂 抗氧剂 聚丙烯 聚乙烯 聚氯乙烯 聚碳酸酯 聚酰胺
    聚乳酸 可降解 生物降解 玻纤增强 化妆品 护肤品 精华液 面膜 保湿 防晒 美白 抗衰老 表面活性剂 洗发水 沐浴露
    洗衣液 洁面 包装机 灌装机 封口机 贴标机 装盒机 缠绕膜 热收缩膜 制袋 封切 灯珠 灯板 灯罩 散热器 驱动电源
    恒流驱动 发光二极管 封装胶 荧光粉 透镜 调光 色温 显色指数 路灯 筒灯 面板灯 灯带 机械臂 机械手 工业机器人
    末端执行器 伺服电机 减速器 视觉检测 数控机床 夹具 上下料 自动化生产线
""".split())

#: An English word: what effects and labels both split lower-cased text into.
EN_WORD_RE = re.compile(r"[a-z0-9]+")
_EN_TOKEN_RE = re.compile(rf"{EN_WORD_RE.pattern}|[.,;:!?()\[\]{{}}\"/]")
# Numbers and measurements ("10mm", "5kg", "mm") are neither words nor topics; "3d" is.
_UNITS = ("mm|cm|nm|um|μm|m|km|g|kg|mg|ml|l|v|kv|w|kw|kwh|mah|hz|khz|mhz|ghz|s|min|h|rpm|wt|wt%"
          "|mpa|kpa|pa|℃|%")
_MEASURE_RE = re.compile(rf"^(?:\d+(?:\.\d+)?(?:{_UNITS})?|{_UNITS})$", re.IGNORECASE)
_ZH_WORD_RE = re.compile(r"[\u3400-\u9fff]|[A-Za-z]")


def tokens_en(text: str) -> list[str]:
    """English unigrams and bigrams of ``text``, lower-cased, without stop words or numbers.

    Those, like punctuation, break a bigram: "lamp of light" has no "lamp light".
    """
    kept = [w if len(w) > 1 and w not in STOP_WORDS_EN and not _MEASURE_RE.match(w) else None
            for w in _EN_TOKEN_RE.findall(text.lower())]
    return [w for w in kept if w] + [f"{a} {b}" for a, b in zip(kept, kept[1:]) if a and b]


@functools.lru_cache(maxsize=1)
def _segmenter():
    import jieba  # lazy: loading its dictionary takes a second

    jieba.setLogLevel(60)  # it announces building its prefix dictionary otherwise
    tokenizer = jieba.Tokenizer()
    for word in DOMAIN_WORDS_ZH:
        tokenizer.add_word(word)
    return tokenizer


#: Compounds are two two-character words: the four-character term jieba most often cuts in
#: two (垂直起降, 反应精馏); longer words it already knows, and longer joins are phrases.
_COMPOUND_PART_CHARS_ZH = 2


# jieba's guesser for unknown words sometimes glues a conjunction to the noun after it
# ("电机和转子" -> 电机 / 和转子; its dictionary even lists 和转子, twice as rare as a typo).
# Such a word is cut back to the noun when the dictionary knows the rest more than ten times
# better than the whole (和平鸽 and 及时性 stay whole: their rests are no words).
_CONJUNCTIONS_ZH = frozenset("和与及或")


def _unglue(word: str, known) -> str:
    if len(word) > 2 and word[0] in _CONJUNCTIONS_ZH and known.get(word, 0) * 10 < known.get(word[1:], 0):
        return word[1:]
    return word


def _words_zh(text: str) -> list[str]:
    segmenter = _segmenter()
    segmenter.check_initialized()
    return [_unglue(w, segmenter.FREQ) for w in segmenter.lcut(text)]


def tokens_zh(text: str) -> list[str]:
    """Chinese words of ``text`` by jieba, without stop words, single characters or numbers,
    then the compounds of two neighbouring two-character words ("垂直起降" where jieba gave
    垂直 + 起降).

    A dropped word or punctuation between two words breaks the compound, as in English bigrams.
    """
    kept = [w if len(w) > 1 and w not in STOP_WORDS_ZH and _ZH_WORD_RE.search(w) and not _MEASURE_RE.match(w)
            and w.lower() not in STOP_WORDS_EN  # English inside Chinese text ("LED" stays, "FOR" goes)
            else None for w in _words_zh(text)]
    return [w for w in kept if w] + [a + b for a, b in zip(kept, kept[1:])
                                     if a and b and len(a) == len(b) == _COMPOUND_PART_CHARS_ZH]


def english_words(text: str) -> list[str]:
    """The lower-cased English words of ``text``, every one (no stop word is dropped)."""
    return EN_WORD_RE.findall(text.lower())


