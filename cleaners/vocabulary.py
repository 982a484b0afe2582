"""What portals print around an article, said once. The HTML side (cleaners/html) and the text rules
(cleaners/rules) both build their patterns from these pieces, so a label one side knows the other knows too.

Each piece is a regex fragment (no groups that capture), in simplified script: the text rules run after
OpenCC, and the HTML side matches its labels in simplified pages only (a traditional page's labels are the
rules' to find, after the conversion).
They name kinds of chrome, not sites: a share bar, a font-size picker, a call to follow an account, a legal
notice, a related-stories heading, a photo credit, a byline.
"""
from __future__ import annotations

from .textutil import LazyPattern

# --- people and time ------------------------------------------------------------------------------------

HAN = "\u4e00-\u9fff"
# words that follow 记者 in headings ("记者手记") or close a credit ("报道"), never a name
NOT_NAME = (r"(?!(?:记者|通讯员|作者|手记|报道|报导|采写|观察|调查|走访|探访|视角|札记|直击|连线|专访|日记|笔记|现场|故事"
            r"|来信|摄影|发自|综合|博客|专栏|信箱))")
NAME = rf"{NOT_NAME}[{HAN}·]{{2,4}}"                      # a Chinese personal name, 2-4 characters
NAMES = rf"{NAME}(?:[\s、,，]+{NAME})*"                      # "胡锦 吕琳萍", "潘照文、张逸民"
DATE = r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
CLOCK = r"\d{1,2}[:：时]\d{2}(?:[:：分]\d{2})?"
DATE_TIME = rf"{DATE}(?:\s*{CLOCK})?"

# the roles of a credit line, as accounts and magazines print them above or under the story ("编辑｜腾宇",
# "来源｜新周刊（ID：new-weekly）", "编辑|张维纳 语音|徐佳 剪辑|李春"); only the article's writers, editors and
# source become metadata: a cover's or a picture's source ("封面来源｜…") names no publisher of the text
CREDIT_AUTHOR = r"作者|文|撰文|文字|图文|文图|采写|执笔"
CREDIT_EDITOR = r"责任编辑|值班编辑|编辑|责编"
CREDIT_SOURCE = r"来源|文章来源|本文来源|内容来源|稿源"
CREDIT_OTHER = (r"(?:封面|头图|题图|图片|配图|素材|视频|音频)(?:来源|出处)|封面图?|头图|题图|图片|配图|插画|插图|制图|摄影|图"
                r"|主编|副主编|编审|审核|审校|审读|校对|校读|排版|美编|设计|视觉|视频|剪辑|语音|音频|配音|主播|监制|统筹|策划"
                r"|出品|运营|采访|实习生|投稿|合作|商务合作")
# a reward box closing a WeChat article: the writer's name, then its button
REWARD_BUTTON = r"赞赏|赞赏作者|喜欢作者|赞赏支持"
# a reshared article's card: "以下文章来源于橘宝AI ，作者橘宝" names the original account and writer; the
# resharing account's note ("编者荐语：") stands above it
RESHARE_CARD = r"以下文章来源于|以下文章转载自"
RESHARER_NOTE = r"编者荐语|小编荐语|荐语|推荐语"
# where a writer's or an account's own channel is promoted: "我的知识星球", "本公众号"
SELF_CHANNEL = r"我的|我们的|本号|本公众号|本账号|小编的"

# --- labels of the page's furniture ------------------------------------------------------------------------

# a widget's label: share bars, QR codes, print and close links
SHARE_PRINT = (r"分享到|分享至|一键分享|分享工具|扫一扫|扫描二维码|微信扫一扫|用手机扫|打印本页|打印此页|打印文章|友善列印"
               r"|友善打印|关闭窗口")
FONT_SIZE = r"字[体号级](?:大小)?"           # "字号：大 中 小", "字级大小："
BREADCRUMB = r"当前位置|您的位置|你的位置|您现在的位置|你现在的位置|所在位置"
COUNTER = r"浏览次数|点击数|阅读数|阅读量|观看人次|浏览量|访问量|人阅读|人浏览"
SUBSCRIBE = r"订阅|立即订阅|取消订阅"
COMMENT_LABEL = r"网友评论|发表评论|我要评论|评论\s*\("
# any of them, when it stands alone on a line
WIDGET_LABEL = f"{SHARE_PRINT}|{FONT_SIZE}|{BREADCRUMB}|{COUNTER}|{SUBSCRIBE}"
# headings over lists of other stories
RELATED_HEADING = (
    r"相关(?:新闻|阅读|文章|报道|链接|推荐|资讯|专题|视频|图集)|延伸阅读|推荐阅读|热点推荐|热门推荐|热门文章|热门视频|热门点阅"
    r"|精彩\S{0,4}推荐|猜你喜欢|往期回顾|往期推荐|大家都在看|今日推荐|热点新闻|最新新闻|编辑推荐|你可能(?:还)?(?:想看|喜欢|感兴趣)"
    r"|看了(?:本文|这篇\S{0,2})的人还看了|上一篇|下一篇|上一条|下一条"
)
PAGER = r"上一页|下一页"
# a short heading whose words say "more to read", set off as a heading by a mark or a colon ("※你可能还想看：",
# "【热门点阅】"); without either, "找相关的原则" is a section of the article
MORE_TO_READ = (r"[※【\[]\s*\S{0,6}(?:看|读|阅|推荐|热门|热点|相关|更多|精选|排行)\S{0,4}\s*[】\]]?\s*[:：]?"
                r"|\S{0,6}(?:想看|还看|点阅|推荐|热门|相关|更多|精选|排行)\S{0,4}\s*[:：]")

# --- the reader addressed ----------------------------------------------------------------------------------

# what a reader is asked to do, and on which platform: "立即下载…APP", "请帮我们按个赞", "扫描下方二维码关注"
CTA_VERB = r"下载|订阅|关注|加入|添加|扫码|扫描|长按|识别|点击|点选|点开|投稿|转发|分享|收藏|申请|回复|点【"
SOCIAL_VERB = r"点赞|按个?赞|点个?赞|点【?在看|置顶|星标|一键三连|回复【|回复“|回复关键词"   # names its platform by itself
# what a comment box, a login wall or a video player says when the script that fills it did not run
# (in three parts: the words that need no letter case, the lines that are one only whole, and the branches with
# Latin words, matched ignoring case; a line with no Latin letter is spared the third: cleaners/rules/notices.py.
# Every branch of the first opens with a character, not a group, a class or an anchor: the regex engine then
# scans for those characters instead of trying the whole alternation at every character of a line)
PROMPT_WORDS = (
    r"抢沙发|暂无评论|还没有评论|说点什么|发表评论|我要评论|写评论|查看评论|表情删除后不可恢复"
    r"|文明上网|理性发言|请先登录|登录后(?:查看|阅读|评论|发表)"
    r"|浏览器\S{0,8}(?:无法|不支持|不能)\S{0,6}(?:播放|视频)|设备\S{0,8}(?:无法|不支持|不能)\S{0,6}(?:播放|视频)"
    r"|视频加载(?:失败|中)|网络(?:不给力|异常).{0,6}(?:重试|刷新)|正文已结束"
    r"|隐私(?:声明|政策|条款|权)\S{0,40}同意|同意\S{0,20}隐私"                                           # a cookie banner
    r"|栏位空白|必填栏位|请输入(?:正确的)?(?:电子邮件|邮箱|手机号)"                                        # a form's checks
    r"|付费会员|加入\S{0,4}会员(?:后|即可|才能)|成为\S{0,4}会员(?:后|即可|才能)|开通\S{0,4}会员(?:后|即可|才能)"  # a paywall
    r"|沉浸阅读|向[上下左右]滑动?(?:阅览|查看|阅读|浏览)|往[上下左右]滑动?(?:阅览|查看|阅读|浏览)"   # a reader's gestures
    r"|上滑动?(?:阅览|查看|阅读|浏览)|下滑动?(?:阅览|查看|阅读|浏览)|左滑动?(?:阅览|查看|阅读|浏览)"
    r"|右滑动?(?:阅览|查看|阅读|浏览)|滑动(?:查看|阅览)(?:更多)?"
    # a blog theme's "may be outdated" notice
    r"|最后(?:更新|修改)于.{0,30}(?:过时|失效).{0,8}谨慎|上次(?:更新|修改)于.{0,30}(?:过时|失效).{0,8}谨慎"
)
# …and what is one only as a whole line
PROMPT_LINES = (
    r"(?:关注|联系|订阅|加入)我们\s*[:：]?"                                                 # a follow box's heading
    r"|文章目录"                                                                        # a table of contents' label
)
PROMPT_LATIN = (
    r"按\s*alt\s*\+\s*\d|同意\S{0,20}cookie|(?:使用|接受)\S{0,6}cookies?|请输入(?:正确的)?e-?mail"
    r"|^(?:Table of Contents|Contents)$"
    r"|^[←→«»<>]?\s*(?:Previous|Next|Older|Newer|Prev)\s+(?:Post|Article|Page|Entry)\s*[←→«»<>]?$"   # a blog's pager
)
# the words of a player's or reader's controls: "字号 超大 大 标准 小", "倍速 0.5x 1.0x 1.25x", "超清 高清 标清"
UI_WORD = (r"超大|特大|大|中|小|标准|默认|字号|字体|字级|超清|高清|标清|流畅|蓝光|原画|自动|倍速|\d(?:\.\d+)?[xX倍]|播放|暂停|全屏"
           r"|静音|重播|下载|复制链接|收藏|分享|举报|打印|关闭|关注|已关注|取消|确定|更多")
PLATFORM = (r"APP|App|app|客户端|粉丝团|粉丝专页|粉丝页|公众号|订阅号|服务号|视频号|电子报|二维码|微信|微博|脸书|Facebook|LINE"
            r"|抖音|快手|小程序|头条号|百家号|澎湃号|网易号|企鹅号|搜狐号|菜单栏|朋友圈|知识星球")
READER = r"您|你|(?<![申邀聘提宴敬恳])请|欢迎|立即|马上|赶快|快来|一起|记得|别忘|点击|长按"

# --- notices ---------------------------------------------------------------------------------------------

# a site's or a platform's legal notice: copyright, licences, "views are not ours", "we only store it"
LEGAL = (
    r"版权所有|ICP\s*[备证]|许可证|未经.{0,6}授权|非经.{0,6}授权|(?:禁止|不得|谢绝)\S{0,24}?(?:转载|转贴|改写)|转载[请须需务]\S{0,2}注明|著作权"
    r"|违者必究|侵权必究|all rights reserved|information storage services?|uploaded and posted by"
    r"|不代表.{0,12}(?:观点|立场)|仅代表作者|仅提供信息存储|信息发布平台|信息存储空间|上传并发布|举报电话|违法和不良信息"
    r"|如有侵权|版权归原作者|infringe\S* (?:your |the |any )?copyright"
)
# what an editor sets above the story: a summary ("[摘要：…]", "内容提要："), or a lead or note ("【核心提示】…",
# "导语：", "编者按：") that may be words of its own
SUMMARY_LABEL = r"摘\s*要|内容摘要|内容提要|提要"
LEAD_LABEL = r"核心提示|导读|导语|编者按"
NOTICE_LABEL = r"特别声明|平台声明|免责声明|版权声明|声明|Notice|Disclaimer"
# a notice speaks of the site, the platform or the text itself; an article about copyright law does not
SELF_REFERENCE = r"本(?:网站|网|站|文|报|刊|平台|新闻|号|公众号|频道)|该文|此文|以上内容|上述内容|The content above|this (?:site|article|blog|post)"

# --- pictures ----------------------------------------------------------------------------------------------

# who took or gave a picture, closing a caption: "（资料照）", "（图／记者林悅翻摄）", "﹝路透﹞", "（消防局提供）"
_NOT_PAREN = r"[^()（）﹝﹞〔〕\[\]]"
PHOTO_CREDIT = (
    rf"[(（﹝〔\[]\s*(?:(?:图|照片|图片|摄影)\s*[/／:：|丨]\s*{_NOT_PAREN}{{1,30}}"
    rf"|{_NOT_PAREN}{{0,30}}(?:摄|摄影|提供|供图|翻摄|截图|制图|资料照片?|资料图){_NOT_PAREN}{{0,16}}|取自{_NOT_PAREN}{{1,30}}"
    r"|路透社?|美联社|法新社|AP|AFP|Reuters|Getty\s*Images?"
    rf"|(?i:via)\b\s*(?:\[\d{{1,3}}\]|{_NOT_PAREN}{{0,30}}))\s*[)）﹞〕\]]"   # "（via[6]）": where a blogger found it
)
# where a person stands in a photo: "（右）", "(前)", "（左二）"
PHOTO_POSITION = r"[(（]\s*(?:左|右|前|中|后|上|下)\s*[一二三四五六七八九\d]?\s*[)）]"


def alternation(*pieces: str, flags: int = 0) -> LazyPattern:
    """One alternation of the pieces, as a non-capturing group (compiled on first use)."""
    return LazyPattern("(?:" + "|".join(pieces) + ")", flags)
