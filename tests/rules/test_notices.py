from cleaners.rules.notices import call_to_action, platform_notice

from .util import apply, lines

BODY = "市科技局也于近日发布另一则利好:今年起,我市将每年设立市级“科技副总”科技专项经费,对聘任“科技副总”的企业申报的项目择优给予立项支持。"
BODY2 = "据了解,金乡高质量发展之“科技赋能”大会包含中国检验检测学会“检验检测科普万里行(金乡站)”启动仪式等议程。"


def test_platform_and_site_notices_at_the_end_go():
    # real lines (tests/data/devset: sohu, cna, ettoday, 163, appledaily), simplified as the rules see them
    for notice in (
        "平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
        "※本网站之文字、图片及影音，非经授权，不得转载、公开播送或公开传输及利用。",
        "※本文版权所有，非经授权，不得转载。[ETtoday著作权声明]※",
        "本新闻文字、照片、影片专供苹果《好苹友》壹会员阅览，版权所有，禁止任何媒体、社群网站、论坛，在纸本或网路部分引用、改写、转贴分享，违者必究。",
        "特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。",
        "Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of "
        "NetEase Hao, which is a social media platform and only provides information storage services.",
        # a Hexo theme's closing words under a Chinese post (devset g-adu-1)
        "If you like this blog or find it useful for you, you are welcome to comment on it. You are also welcome to "
        "share this blog, so that more people can participate in it. If the images used in the blog infringe your "
        "copyright, please contact the author to delete them. Thank you !",
    ):
        assert lines(apply(platform_notice, f"{BODY}\n{BODY2}\n{notice}")) == [BODY, BODY2], notice


def test_a_paragraph_about_copyright_stays():
    paragraph = "新修订的著作权法明确，未经授权不得转载他人作品，侵权者将承担相应的法律责任。"
    text = f"{BODY}\n{paragraph}\n{BODY2}"
    assert lines(apply(platform_notice, text)) == text.split("\n")
    head = "版权所有的概念在数字时代受到挑战。"  # one legal phrase in a sentence: not a notice
    assert lines(apply(platform_notice, f"{BODY}\n{head}")) == [BODY, head]


def test_calls_to_download_follow_and_like_go():
    # real lines (tests/data/devset: storm, ltn, appledaily, rthk, bcc, tvb), simplified
    for line in ("立即下载风传媒APP，世界脉动在你手中！", "如果您喜欢我们的报导，请帮我们按个赞！", "下载「苹果新闻网APP」",
                 ">>加入苹果日报粉丝团94即时94狂！", "请继续往下阅读...", "字级大小：", "分享工具", "观看人次:",
                 "还想看更多新闻吗？欢迎下载自由时报APP，现在看新闻还能抽奖，共9万个中奖机会等着你：",
                 "扫描下方二维码关注我们", "点【在看】，让更多人看到"):
        assert lines(apply(call_to_action, f"{BODY}\n{line}\n{BODY2}")) == [BODY, BODY2], line


def test_an_article_about_an_app_keeps_its_sentences():
    for paragraph in ("市民可下载“浙里办”APP，在首页搜索“科技创新券”，按提示填写企业信息并提交申请，审核通过后即可使用。",
                      "该平台上线以来，已有超过3000家企业通过微信小程序完成了科技项目申报。"):
        text = f"{BODY}\n{paragraph}\n{BODY2}"
        assert lines(apply(call_to_action, text)) == text.split("\n"), paragraph


def test_comment_boxes_login_walls_players_and_follow_buttons_go():
    # the kinds of leftover the audit listed on unseen pages (网易, 搜狐, 腾讯, 澎湃, WeChat reposts)
    for line in ("还没有评论,快来抢沙发吧", "表情删除后不可恢复", "正文已结束,您可以按alt+4进行评论", "请先说点什么", "暂无评论",
                 "阅读全文,请先登录", "您的浏览器暂时无法播放此视频", "字号 超大 大 标准 小", "倍速 0.5x 1.0x 1.25x 1.5x 2.0x",
                 "超清 高清 标清", "科创中国 +关注", "回复【资料】查看往期内容", "订阅", "栏位空白",
                 # a real cookie banner (tests/data/devset b-tw-cna-1), simplified
                 "本网站使用相关技术提供更好的阅读体验,同时尊重使用者隐私,点这里了解中央社隐私声明。当您关闭此视窗,代表您同意上述规范。",
                 # WeChat's reader gestures and follow boxes (devset d-weixin-1, -7, -9, -14)
                 "向上滑动阅览", "欢迎分享到朋友圈~", "在小说阅读器中沉浸阅读", "关注我们：", "👇️添加微信好友报名学习👇️",
                 # blog themes' notices, table-of-contents labels and pagers (devset g-ouuan-2, h-ouuan-4, g-adu-1)
                 "【注意】最后更新于 January 23, 2021，文中内容可能已过时，请谨慎使用。", "文章目录", "← Previous Post"):
        assert lines(apply(call_to_action, f"{BODY}\n{line}\n{BODY2}")) == [BODY, BODY2], line


def test_sentences_about_comments_and_video_stay():
    for paragraph in ("网友评论区里，不少人为这项新技术点赞，认为它将改变农业生产方式。",
                      "大会现场播放了科技成果宣传视频，全面展示了近年来全市科技创新取得的成就。",
                      "张三 李四 王五",
                      "滑动摩擦力的大小与接触面的粗糙程度有关，实验小组据此设计了新型制动装置。",
                      "我们将持续关注我们城市的科技创新进展，并及时向读者报道。",
                      "企业可通过添加设备、扩大产能等方式申请技术改造补贴，最高补贴额度为500万元。",
                      "该数据库最后更新于2023年，部分数据可能已过时。", "文章目录的编排体现了作者的思路。"):
        text = f"{BODY}\n{paragraph}\n{BODY2}"
        assert lines(apply(call_to_action, text)) == text.split("\n"), paragraph


def test_a_notice_ends_the_article_and_what_follows_it_goes():
    # ettoday: the columnist's note with its disclaimer, then headlines of other columns (simplified)
    notice = "●作者李武忠，新北市，博，经济系教授。本文为网友投稿，言论不代表本报立场。ET论坛欢迎更多参与，投稿请寄editor@ettoday.net"
    doc = apply(platform_notice, f"{BODY}\n{BODY2}\n{notice}\n彭明辉／台湾真的会更好吗？\n彭明辉／火车出轨不能只想换司机")
    assert lines(doc) == [BODY, BODY2]



def test_a_writers_promotion_of_their_own_channel_at_the_end_goes():
    # the last paragraph of a real WeChat article (tests/data/devset d-weixin-9)
    promotion = ("最后日常推荐一下我的知识星球，目前星球里面有《从零开始学逆向》、《C/C++抓包软件开发》、《六小时快速入门C/C++编程》"
                 "等课程内容，还累计沉淀了大量技术答疑和学习路线指导规划，欢迎加入学习。另外如果对《VMProtect虚拟化逆向》感兴趣的同学，"
                 "也欢迎添加我的好友，报名学习。")
    assert lines(apply(call_to_action, f"{BODY}\n{BODY2}\n{promotion}")) == [BODY, BODY2]
    # a news story's last paragraph quoting someone's "我的" stays
    paragraph = ("“我的微信公众号已经有十万粉丝了。”返乡创业的李明说，他欢迎更多年轻人加入农村电商行列。目前他已带动全村200多户农民增收，"
                 "合作社年销售额超过千万元，他本人也成为当地有名的致富带头人，多次受到县里表彰。")
    assert lines(apply(call_to_action, f"{BODY}\n{BODY2}\n{paragraph}")) == [BODY, BODY2, paragraph]


def test_the_paper_platform_notice_and_its_call_to_apply_go():
    # the notice under a real 澎湃号 article (a thepaper.cn page stored in a public repository)
    notice = ("本文为澎湃号作者或机构在澎湃新闻上传并发布，仅代表该作者或机构观点，不代表澎湃新闻的观点或立场，澎湃新闻仅提供信息发布平台。"
              "申请澎湃号请用电脑访问http://renzheng.thepaper.cn。")
    assert lines(apply(platform_notice, f"{BODY}\n{BODY2}\n{notice}")) == [BODY, BODY2]
    call = "申请澎湃号请用电脑访问http://renzheng.thepaper.cn。"
    assert lines(apply(call_to_action, f"{BODY}\n{BODY2}\n{call}")) == [BODY, BODY2]
