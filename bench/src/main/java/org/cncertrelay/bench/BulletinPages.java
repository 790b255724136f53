package org.cncertrelay.bench;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.Random;

/**
 * Generates live-page-shaped issues of 网络安全信息与动态周报 the size of real WeChat article pages (300–600 KB): a
 * head with meta tags, large inline CSS and scripts, the article chrome, the body as an editor writes it (deeply
 * nested sections with long inline styles around a few KB of text, chart images, 近期回顾 links), a footer of hidden
 * dialogs and templates, and the closing script that declares the article's identity (biz, mid, idx, sn, ct).
 *
 * <p>The chrome (head and footer, ~95% of the bytes) comes in {@link #VARIANTS} sizes from 300 to 600 KB, shared
 * between issues as on the real site; the title, meta, body and identity script are the issue's own. Every page
 * is deterministic in (year, issue).
 */
public final class BulletinPages {

    public static final String BIZ = "MzIwNDk0MDgxMw==";
    public static final int VARIANTS = 16;
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String[] WORDS = {"rich_media", "weui", "appmsg", "js_", "wx_", "reward", "comment",
        "profile", "qr_code", "dialog", "tips", "loading", "like", "share", "audio", "video", "redpacket", "mpcps",
        "topic", "album", "related", "ad", "banner", "cps", "product", "card", "follow", "nickname"};
    private static final String[] CHINESE = {"微信扫一扫", "关注该公众号", "继续滑动看下一个", "轻触阅读原文", "向上滑动看下一个",
        "知道了", "使用完整服务", "赞", "在看", "分享", "留言", "收藏", "听过", "已无更多数据", "写留言", "确定", "取消",
        "网络异常", "请稍后再试", "已关注", "作者已设置关注后才可以留言", "复制链接", "微信公众平台"};
    private static final String[] FILLER = {"本周，CNVD收录安全漏洞", "个，其中高危漏洞", "个，可被利用实施远程攻击的漏洞",
        "个。受影响的厂商包括", "等。本周发现的重要漏洞涉及操作系统、应用软件、网络设备和物联网设备等多个领域，",
        "建议相关用户及时更新补丁、加强安全防护，防范网络攻击风险。", "我国境内被篡改网站数量为", "个，被植入后门的网站数量为",
        "个，针对境内网站的仿冒页面数量为", "个。"};

    /** How large the shared chrome makes a page: the live site's range, or the article size of issue #12. */
    public enum Size {
        /** 300 KB .. 600 KB, as the live site serves an article with its chrome. */
        LIVE(300, 20),
        /** ~230 KB on average with the issue's own part: the article-sized pages the urlwatch comparison uses. */
        ARTICLE(130, 10);

        private final byte[][] heads = new byte[VARIANTS][];
        private final byte[][] footers = new byte[VARIANTS][];

        Size(int smallestKb, int stepKb) {
            for (int v = 0; v < VARIANTS; v++) {
                int total = (smallestKb + v * stepKb) * 1024;
                Random random = new Random(1000 + v);
                heads[v] = head(random, total * 55 / 100).getBytes(StandardCharsets.UTF_8);
                footers[v] = footer(random, total * 40 / 100).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private BulletinPages() {
    }

    /** The article's mid: distinct for every (year, issue). */
    public static long mid(int year, int issue) {
        return 2_200_000_000L + year * 100L + issue;
    }

    public static String sn(int year, int issue) {
        return String.format("%032x", (year * 1000L + issue) * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
    }

    /** The path and query of the issue's page as WeChat links it. */
    public static String pathAndQuery(int year, int issue) {
        return "/s?__biz=" + BIZ + "&mid=" + mid(year, issue) + "&idx=1&sn=" + sn(year, issue);
    }

    /** (year, issue) back from a mid, or null. */
    public static int[] issueOf(long mid) {
        long rest = mid - 2_200_000_000L;
        if (rest < 0) {
            return null;
        }
        return new int[] {(int) (rest / 100), (int) (rest % 100)};
    }

    public static String title(int year, int issue) {
        LocalDate[] week = week(year, issue);
        return "网络安全信息与动态周报" + year + "年第" + issue + "期（" + week[0].getMonthValue() + "月"
                + week[0].getDayOfMonth() + "日-" + week[1].getMonthValue() + "月" + week[1].getDayOfMonth() + "日）";
    }

    /** ISO week {@code issue} of {@code year}: Monday to Sunday. */
    static LocalDate[] week(int year, int issue) {
        LocalDate monday = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, issue)
                .with(DayOfWeek.MONDAY);
        return new LocalDate[] {monday, monday.plusDays(6)};
    }

    /** The page in parts (shared head, the issue's own middle, shared footer, the issue's script), UTF-8. */
    public static byte[][] pageParts(int year, int issue) {
        return pageParts(year, issue, Size.LIVE);
    }

    public static byte[][] pageParts(int year, int issue, Size size) {
        int variant = Math.floorMod(year * 31 + issue, VARIANTS);
        return new byte[][] {size.heads[variant], middle(year, issue).getBytes(StandardCharsets.UTF_8),
            size.footers[variant], identity(year, issue).getBytes(StandardCharsets.UTF_8)};
    }

    public static byte[] pageBytes(int year, int issue) {
        return pageBytes(year, issue, Size.LIVE);
    }

    public static byte[] pageBytes(int year, int issue, Size size) {
        byte[][] parts = pageParts(year, issue, size);
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] page = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, page, at, part.length);
            at += part.length;
        }
        return page;
    }

    public static String page(int year, int issue) {
        return new String(pageBytes(year, issue), StandardCharsets.UTF_8);
    }

    // ---- the shared chrome ----------------------------------------------------------------------------------

    private static String head(Random random, int size) {
        StringBuilder html = new StringBuilder(size + 4096);
        html.append("<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; "
                + "charset=utf-8\">\n<meta name=\"viewport\" content=\"width=device-width,initial-scale=1.0,"
                + "maximum-scale=1.0,user-scalable=0,viewport-fit=cover\">\n");
        for (int i = 0; i < 12; i++) {
            html.append("<link rel=\"dns-prefetch\" href=\"//res").append(i).append(".wx.qq.com\">\n");
        }
        for (int i = 0; i < 6; i++) {
            html.append("<link rel=\"stylesheet\" href=\"https://res.wx.qq.com/mmbizappmsg/zh_CN/htmledition/js/"
                    + "assets/").append(word(random)).append(i).append(".css\">\n");
        }
        // about 40% of the head is CSS, 60% script, as in a saved article page
        int cssEnd = html.length() + size * 40 / 100;
        while (html.length() < cssEnd) {
            html.append("<style>\n");
            int blockEnd = Math.min(cssEnd, html.length() + 8000 + random.nextInt(8000));
            while (html.length() < blockEnd) {
                css(random, html);
            }
            html.append("</style>\n");
        }
        while (html.length() < size) {
            html.append("<script type=\"text/javascript\" nonce=\"").append(random.nextInt(1_000_000_000))
                    .append("\" reportloaderror>\n");
            int blockEnd = Math.min(size, html.length() + 6000 + random.nextInt(20000));
            while (html.length() < blockEnd) {
                js(random, html);
            }
            html.append("</script>\n");
        }
        return html.toString();
    }

    private static String footer(Random random, int size) {
        StringBuilder html = new StringBuilder(size + 4096);
        html.append("<div class=\"rich_media_tool_area\"><span>预览时标签不可点</span></div>\n");
        int chromeEnd = size * 45 / 100;
        int depth = 0;
        while (html.length() < chromeEnd) {
            // comment area, reward dialog, share and follow dialogs: hidden, nested, many classes
            String tag = random.nextInt(4) == 0 ? "span" : "div";
            html.append('<').append(tag).append(" class=\"").append(word(random)).append('_').append(word(random))
                    .append(' ').append(word(random)).append("\" id=\"js_").append(word(random))
                    .append(random.nextInt(999)).append("\" style=\"display:none;\" data-").append(word(random))
                    .append("=\"").append(random.nextInt(99999)).append("\">");
            if (random.nextInt(3) == 0) {
                html.append(CHINESE[random.nextInt(CHINESE.length)]);
            }
            if ("div".equals(tag) && depth < 12 && random.nextBoolean()) {
                depth++;
                continue;
            }
            html.append("</").append(tag).append(">\n");
            while (depth > 0 && random.nextInt(3) == 0) {
                html.append("</div>\n");
                depth--;
            }
        }
        while (depth-- > 0) {
            html.append("</div>\n");
        }
        // templates of the comment list and the like bar, kept as text/html scripts
        html.append("<script type=\"text/html\" id=\"tpl_comment\">\n");
        while (html.length() < size * 60 / 100) {
            html.append("<div class=\"discuss_item\" id=\"cid<#=id#>\"><div class=\"user_info\"><strong class=\""
                    + "nickname\"><#=nick_name#></strong><img class=\"avatar\" src=\"<#=logo_url#>\"></div><div "
                    + "class=\"discuss_message\"><#=content#></div><p class=\"discuss_extra_info\">")
                    .append(CHINESE[random.nextInt(CHINESE.length)]).append("</p></div>\n");
        }
        html.append("</script>\n");
        while (html.length() < size) {
            html.append("<script type=\"text/javascript\" nonce=\"").append(random.nextInt(1_000_000_000))
                    .append("\">\n");
            int blockEnd = Math.min(size, html.length() + 5000 + random.nextInt(15000));
            while (html.length() < blockEnd) {
                js(random, html);
            }
            html.append("</script>\n");
        }
        return html.toString();
    }

    private static void css(Random random, StringBuilder css) {
        css.append('.').append(word(random)).append('_').append(word(random)).append(random.nextInt(99));
        if (random.nextBoolean()) {
            css.append(" .").append(word(random)).append(':').append(random.nextBoolean() ? "after" : "hover");
        }
        css.append("{");
        int properties = 2 + random.nextInt(6);
        for (int i = 0; i < properties; i++) {
            switch (random.nextInt(6)) {
                case 0 -> css.append("margin:").append(random.nextInt(40)).append("px auto;");
                case 1 -> css.append("padding:").append(random.nextInt(20)).append("px ").append(random.nextInt(20))
                        .append("px;");
                case 2 -> css.append("color:rgba(0,0,0,0.").append(random.nextInt(9)).append(");");
                case 3 -> css.append("font-size:").append(12 + random.nextInt(10)).append("px;line-height:1.6;");
                case 4 -> css.append("background-image:url(\"data:image/svg+xml;charset=utf8,%3Csvg%20xmlns%3D%27"
                        + "http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%27%20width%3D%2712%27%3E%3C%2Fsvg%3E\");");
                default -> css.append("-webkit-transform:translateY(-").append(random.nextInt(50))
                        .append("%);transform:translateY(-").append(random.nextInt(50)).append("%);");
            }
        }
        css.append("}\n");
    }

    private static void js(Random random, StringBuilder js) {
        String name = word(random) + "_" + Integer.toString(random.nextInt(1 << 20), 36);
        switch (random.nextInt(5)) {
            case 0 -> js.append("var ").append(name).append(" = \"").append(CHINESE[random.nextInt(CHINESE.length)])
                    .append("\" || \"\";\n");
            case 1 -> js.append("window.__").append(name).append(" = function(e,t){var n=e||{},r=t||[];for(var i=0;"
                    + "i<r.length;i++){if(n[r[i]]){return n[r[i]].call(this,").append(random.nextInt(100))
                    .append(")}}return \"").append(CHINESE[random.nextInt(CHINESE.length)]).append("\"};\n");
            case 2 -> js.append("define(\"").append(word(random)).append('/').append(name)
                    .append(".js\",[\"require\",\"exports\"],function(e,t){\"use strict\";var n=e(\"biz_common/")
                    .append(word(random)).append(".js\");t.").append(name).append("=function(o){return n.ajax({url:"
                    + "\"/mp/").append(word(random)).append("?action=").append(word(random))
                    .append("\",type:\"POST\",data:o,timeout:").append(1000 * random.nextInt(30))
                    .append("})}});\n");
            case 3 -> js.append("if(window.").append(name).append("&&window.").append(name).append(".length>")
                    .append(random.nextInt(10)).append("){console.log('").append(word(random)).append(" ', '")
                    .append(CHINESE[random.nextInt(CHINESE.length)]).append("');}\n");
            default -> js.append("window.").append(name).append(" = {").append(word(random)).append(":")
                    .append(random.nextInt(100000)).append(",").append(word(random)).append(":'")
                    .append(Long.toHexString(random.nextLong())).append("',").append(word(random))
                    .append(":[").append(random.nextInt(9)).append(',').append(random.nextInt(9)).append("]};\n");
        }
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    // ---- the issue's own parts ------------------------------------------------------------------------------

    /** The title block, the meta that names the issue, and the article body. */
    private static String middle(int year, int issue) {
        Random random = new Random(year * 1000L + issue);
        String title = title(year, issue);
        String link = "https://mp.weixin.qq.com" + pathAndQuery(year, issue).replace("&", "&amp;")
                + "&amp;chksm=973acd1aa04d440c&amp;scene=58&amp;subscene=0#rd";
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<title>").append(title).append("</title>\n")
                .append("<meta name=\"description\" content=\"本周，互联网网络安全态势整体评价为良。\">\n")
                .append("<meta name=\"author\" content=\"CNCERT\">\n")
                .append("<meta property=\"og:title\" content=\"").append(title).append("\">\n")
                .append("<meta property=\"og:url\" content=\"").append(link).append("\">\n")
                .append("<meta property=\"og:image\" content=\"https://mmbiz.qpic.cn/sz_mmbiz_jpg/COVER")
                .append(issue).append("/0?wx_fmt=jpeg\">\n")
                .append("<meta property=\"og:description\" content=\"本周，互联网网络安全态势整体评价为良。\">\n")
                .append("<meta property=\"og:site_name\" content=\"微信公众平台\">\n<meta property=\"og:type\" "
                        + "content=\"article\">\n</head>\n")
                .append("<body id=\"activity-detail\" class=\"zh_CN wx_wap_page mm_appmsg comment_feature "
                        + "discuss_tab appmsg_skin_default appmsg_style_default\">\n")
                .append("<div id=\"js_article\" class=\"rich_media\">\n <div id=\"js_top_ad_area\" class=\""
                        + "top_banner\"></div>\n <div class=\"rich_media_inner\">\n  <div id=\"page-content\" "
                        + "class=\"rich_media_area_primary\">\n   <div class=\"rich_media_area_primary_inner\">\n"
                        + "    <div id=\"img-content\" class=\"rich_media_wrp\">\n")
                .append("     <h1 class=\"rich_media_title \" id=\"activity-name\">\n            ").append(title)
                .append("\n     </h1>\n")
                .append("     <div id=\"meta_content\" class=\"rich_media_meta_list\">\n      <span id=\""
                        + "copyright_logo\" class=\"wx_tap_link js_wx_tap_highlight rich_media_meta icon_appmsg_tag"
                        + " appmsg_tag_ori\">原创</span>\n      <span class=\"rich_media_meta rich_media_meta_text\">"
                        + "CNCERT</span>\n      <span class=\"rich_media_meta rich_media_meta_nickname\" id=\""
                        + "profileBt\">\n       <a href=\"javascript:void(0);\" class=\"wx_tap_link "
                        + "js_wx_tap_highlight weui-wa-hotarea\" id=\"js_name\">\n                        "
                        + "国家互联网应急中心CNCERT\n       </a>\n      </span>\n      <em id=\"publish_time\" class="
                        + "\"rich_media_meta rich_media_meta_text\"></em>\n     </div>\n")
                .append("     <div class=\"rich_media_content js_underline_content\n                       "
                        + "autoTypeSetting24psection\n            \" id=\"js_content\" style=\"visibility: "
                        + "hidden;\">\n");
        int total = 500 + random.nextInt(1500);
        int crossBorder = total - random.nextInt(200);
        int phishing = crossBorder - random.nextInt(100);
        String rating = new String[] {"优", "良", "中"}[random.nextInt(3)];

        heading(html, "本周网络安全基本态势");
        paragraph(html, random, "本周，互联网网络安全态势整体评价为" + rating
                + "。我国互联网基础设施运行整体平稳，全国范围或省级行政区域内未发生造成重大影响的基础设施运行安全事件。"
                + "针对政府、企业以及广大互联网用户的主要安全威胁来自于软件高危漏洞、恶意代码传播以及网站攻击。");
        html.append("<section style=\"text-align:center;margin:0px;padding:0px;box-sizing:border-box;\"><p style="
                + "\"text-align:center;\">");
        for (int i = 0; i < 5; i++) {
            html.append("<img class=\"rich_pages wxw-img\" data-src=\"https://mmbiz.qpic.cn/sz_mmbiz_png/")
                    .append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                    .append("/640?wx_fmt=png&amp;from=appmsg\" data-type=\"png\" data-w=\"1080\" data-ratio="
                            + "\"0.5625\" style=\"width:100%;height:auto;\" src=\"data:image/svg+xml,%3Csvg%20"
                            + "xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E\">");
        }
        html.append("</p></section>\n");
        for (int section = 0; section < 4; section++) {
            heading(html, new String[] {"本周漏洞报送情况", "本周重要漏洞", "本周网站安全情况", "本周网络安全动态"}[section]);
            StringBuilder filler = new StringBuilder();
            for (int i = 0; i < FILLER.length; i++) {
                filler.append(FILLER[i]);
                if (i % 2 == 0) {
                    filler.append(random.nextInt(2000));
                }
            }
            paragraph(html, random, filler.toString());
        }
        heading(html, "本周事件处理情况");
        paragraph(html, random, "本周，CNCERT协调云服务商、域名注册服务机构、应用商店、各省分中心以及国际合作组织共处理网络安全事件"
                + total + "起，含跨境网络安全事件" + crossBorder + "起。其中，协调境内外域名注册机构、境外CERT等机构重点处理"
                + phishing + "起仿冒投诉事件。协调" + (1 + random.nextInt(20)) + "个提供恶意移动应用程序下载服务的平台开展"
                + "移动互联网恶意代码处理工作，共处理传播移动互联网恶意代码的恶意URL链接" + (1 + random.nextInt(200)) + "个。");
        heading(html, "近期回顾");
        for (int back = 1; back <= 5; back++) {
            int previous = issue - back;
            int previousYear = previous >= 1 ? year : year - 1;
            previous = previous >= 1 ? previous : previous + 50;
            String recallTitle = title(previousYear, previous);
            html.append("<p style=\"margin:0px;padding:0px;\">●<a target=\"_blank\" href=\"http://mp.weixin.qq.com")
                    .append(pathAndQuery(previousYear, previous).replace("&", "&amp;"))
                    .append("&amp;chksm=973acd0aa04d441c&amp;scene=21#wechat_redirect\" textvalue=\"")
                    .append(recallTitle).append("\" linktype=\"text\" data-itemshowtype=\"0\" tab=\"innerlink\" "
                            + "data-linktype=\"2\">").append(recallTitle).append("</a></p>\n");
        }
        html.append("     </div>\n    </div>\n   </div>\n  </div>\n </div>\n</div>\n");
        return html.toString();
    }

    private static void heading(StringBuilder html, String text) {
        html.append("<section style=\"text-align:center;margin:10px 0px;padding:0px;box-sizing:border-box;\">"
                + "<section style=\"display:inline-block;border-bottom:2px solid rgb(0,112,192);padding:0px 8px;\">"
                + "<span style=\"font-size:17px;color:rgb(0,112,192);\"><strong>").append(text)
                .append("</strong></span></section></section>\n");
    }

    /** A paragraph wrapped as editors do: sections inside sections, each with its own long inline style. */
    private static void paragraph(StringBuilder html, Random random, String text) {
        int depth = 6 + random.nextInt(6);
        for (int i = 0; i < depth; i++) {
            html.append("<section style=\"margin:0px ").append(i).append("px;padding:0px;outline:0px;max-width:"
                    + "100%;box-sizing:border-box !important;overflow-wrap:break-word !important;visibility:"
                    + "visible;color:rgba(0,0,0,0.9);font-size:15px;letter-spacing:0.5px;\" data-id=\"")
                    .append(random.nextInt(99999)).append("\" class=\"js_darkmode__").append(random.nextInt(99))
                    .append("\">");
        }
        html.append("<p style=\"text-indent:2em;line-height:1.75em;margin-bottom:10px;\">");
        // real issues break the text into styled runs
        int at = 0;
        while (at < text.length()) {
            int end = Math.min(text.length(), at + 20 + random.nextInt(40));
            html.append("<span style=\"font-size:15px;font-family:微软雅黑, &quot;Microsoft YaHei&quot;;"
                    + "letter-spacing:1px;\">").append(text, at, end).append("</span>");
            at = end;
        }
        html.append("</p>");
        for (int i = 0; i < depth; i++) {
            html.append("</section>");
        }
        html.append('\n');
    }

    /** The closing script: the article's identity and publish time, as WeChat declares them. */
    private static String identity(int year, int issue) {
        LocalDate end = week(year, issue)[1];
        long ct = end.plusDays(3).atTime(17, 3).atZone(SHANGHAI).toEpochSecond();
        String title = title(year, issue);
        return "<script type=\"text/javascript\" nonce=\"1234567890\">\n"
                + "    var __INLINE_SCRIPT__ = true;\n"
                + "    var biz = \"" + BIZ + "\" || \"\";\n"
                + "    var sn = \"" + sn(year, issue) + "\" || \"\";\n"
                + "    var mid = \"" + mid(year, issue) + "\" || \"\" || \"\";\n"
                + "    var idx = \"1\" || \"\" ;\n"
                + "    var nickname = htmlDecode(\"国家互联网应急中心CNCERT\");\n"
                + "    var user_name = \"gh_6f0a2b5c3e1d\";\n"
                + "    var msg_title = '" + title + "'.html(false);\n"
                + "    var msg_desc = htmlDecode(\"本周，互联网网络安全态势整体评价为良。\");\n"
                + "    var msg_cdn_url = \"https://mmbiz.qpic.cn/sz_mmbiz_jpg/COVER" + issue + "/0?wx_fmt=jpeg\";\n"
                + "    var msg_link = \"https://mp.weixin.qq.com" + pathAndQuery(year, issue).replace("&", "&amp;")
                + "#rd\";\n"
                + "    var msg_source_url = '';\n"
                + "    var item_show_type = \"0\";\n"
                + "    var ct = \"" + ct + "\";\n"
                + "    var createTime = '" + end.plusDays(3) + " 17:03';\n"
                + "</script>\n</body>\n</html>\n";
    }
}
