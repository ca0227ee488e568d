"""A tiny project whose source and entity try every way of getting script into the site.

Every payload calls `alert(N)` with its own N, so a failure says which one got through.
"""

# ruff: noqa: E501  - payloads are kept on one line each, as an attacker would write them

from __future__ import annotations

# The source's title: shown as text in the page heading, <title>, nav, search index.
TITLE = "<script>alert(1)</script> Evil <img src=x onerror=alert(2)> GPT-4o {onclick=alert(60)}"

SOURCES = {
    "2024/hostile.md": '''\
        ---
        id: hostile
        title: "<script>alert(1)</script> Evil <img src=x onerror=alert(2)> GPT-4o {onclick=alert(60)}"
        subtitle: "<iframe src=javascript:alert(3)></iframe></div></div> sub [x](javascript:alert(4))"
        date: 2024-05-20
        type: podcast
        url: https://www.youtube.com/watch?v=abc123
        authors: ["<script>alert(5)</script>", "<img src=x onerror=alert(6)>"]
        publisher: "</div><script>alert(7)</script>"
        tags: ["<script>alert(8)</script>", "x onclick=alert(9)", "</div>"]
        timestamps: offset
        ---

        [00:00:05] <b onclick="alert(10)">Sam:</b> GPT-4o is here, says EvilCorp. <script>alert(11)</script>

        [00:01:05] <span onmouseover=alert(12)>Speaker Two</span> — <img src=x onerror=alert(13)> we talk about GPT-4o.

        A [click](javascript:alert(14)) link about GPT-4o and <a href="javascript:alert(15)">this</a> one.

        <iframe src="https://evil.example/"></iframe>

        A paragraph about GPT-4o with an attribute list. {onclick=alert(16)}

        ## A heading about GPT-4o {onclick=alert(17)}

        </div></div></article><script>alert(18)</script>

        <svg onload=alert(19)><a xlink:href="javascript:alert(20)">svg link</a></svg>

        <a href="JaVaScRiPt:alert(21)">mixed case</a> and <a href="java&#x09;script:alert(22)">tab</a>.

        [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and ![img](javascript:alert(23))

        <object data="javascript:alert(24)"></object><embed src="javascript:alert(25)">

        <form action="javascript:alert(26)"><button formaction="javascript:alert(27)">go</button></form>

        <style>body{background:url(javascript:alert(28))}</style><meta http-equiv="refresh" content="0;url=javascript:alert(29)">

        "<a href='x' onclick='alert(30)'>quoted</a>" and `<script>alert(31)</script>` in code.
        ''',
    "2024/plain.md": '''\
        ---
        id: plain
        title: A plain post about GPT-4o
        date: 2024-05-14
        type: blog
        ---

        GPT-4o launched, and EvilCorp said so too.

        OpenAI made GPT-4o.
        ''',
}

ENTITIES = {
    "openai": """\
        name: OpenAI
        type: org
        ---
        OpenAI makes models.
        """,
    "gpt-4o": """\
        name: GPT-4o
        type: model
        facts:
          developer: {value: openai, source: "https://openai.com/index/hello-gpt-4o/"}
          release_date: {value: "2024-05-13", source: "https://openai.com/index/hello-gpt-4o/"}
          license: {value: "<script>alert(40)</script>", source: "https://example.com/", note: "<img src=x onerror=alert(41)>"}
        relations:
          - {type: competes_with, target: evilcorp}
        ---
        GPT-4o is a model.
        """,
    "evilcorp": """\
        name: "EvilCorp <script>alert(42)</script><img src=x onerror=alert(43)> {onclick=alert(61)}"
        type: org
        aliases: [EvilCorp, "<b onclick=alert(44)>Evil</b> Inc"]
        tags: ["<script>alert(45)</script>"]
        facts:
          headquarters: {value: "</div><iframe src=javascript:alert(46)></iframe>", source: "https://example.com/hq"}
          website: {value: "javascript:alert(47)", source: "https://example.com/web"}
        ---
        EvilCorp <script>alert(48)</script> is <img src=x onerror=alert(49)> bad,
        [click](javascript:alert(50)) <a href="javascript:alert(51)">here</a>
        <iframe src="https://evil.example/"></iframe> {onclick=alert(52)} </div></div>
        """,
}
