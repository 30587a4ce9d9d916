# ruff: noqa: RUF001 (Cyrillic sample names look like Latin letters on purpose)
"""Spreadsheet bytes in every encoding our customers' files come in, with the names that must read exactly."""

import codecs

ASCII_ROWS = "\n".join(f"Customer {i:03d},standard,{i * 1000}" for i in range(120))
MATRIX = [
    # label, bytes, expected encoding family, names that must come out exactly
    (
        "utf-8",
        "name,tier,arr\n上海浦东发展银行,key,5\nCafé Müller,standard,1\n".encode(),
        "utf-8",
        ["上海浦东发展银行", "Café Müller"],
    ),
    (
        "utf-8-bom",
        codecs.BOM_UTF8 + "name,tier,arr\n华为技术,strategic,9\n".encode(),
        "utf-8-sig",
        ["华为技术"],
    ),
    (
        "gb18030",
        "name,tier,arr\n上海浦东发展银行,key,5\n中国平安保险,strategic,9\n招商银行,key,3\n".encode("gb18030"),
        "gb18030",
        ["上海浦东发展银行", "中国平安保险", "招商银行"],
    ),
    (
        "mostly-ascii-gbk",
        f"name,tier,arr\n{ASCII_ROWS}\n张伟科技,key,7\n王芳,standard,8\n".encode("gbk"),
        "gb18030",
        ["张伟科技", "王芳", "Customer 000"],
    ),
    (
        "big5",
        "name,tier,arr\n台灣積體電路,strategic,9\n國泰金控,key,5\n鴻海精密,key,4\n".encode("big5"),
        "big5",
        ["台灣積體電路", "國泰金控", "鴻海精密"],
    ),
    (
        "cp1252",
        f"name,tier,arr\n{ASCII_ROWS}\nCafé Müller,key,5\nZoë Größe AG,standard,1\nRenée Böhm,key,2\n".encode("cp1252"),
        "cp1252",
        ["Café Müller", "Zoë Größe AG", "Renée Böhm"],
    ),
    (
        "shift-jis",
        "name,tier,arr\n株式会社日立製作所,key,5\nトヨタ自動車,strategic,9\n".encode("shift_jis"),
        "shift_jis",
        ["株式会社日立製作所", "トヨタ自動車"],
    ),
    (
        "shift-jis-kanji-only",
        "name,tier,arr\n株式会社日立製作所,key,5\n三菱商事,key,2\n".encode("shift_jis"),
        "shift_jis",
        ["株式会社日立製作所", "三菱商事"],
    ),
    (
        "euc-jp",
        "name,tier,arr\n株式会社日立製作所,key,5\nソニー,key,1\n".encode("euc_jp"),
        "euc_jp",
        ["株式会社日立製作所", "ソニー"],
    ),
    (
        "euc-kr",
        "name,tier,arr\n삼성전자,key,5\n현대자동차,key,3\n".encode("euc_kr"),
        "euc_kr",
        ["삼성전자", "현대자동차"],
    ),
    ("cp1251", "name,tier,arr\nГазпром,key,5\nСбербанк России,key,3\n".encode("cp1251"), "cp1251", ["Газпром"]),
    ("cp1251-one-name", "name,tier,arr\nГазпром,key,5\n".encode("cp1251"), "cp1251", ["Газпром"]),
    ("koi8-r", "name,tier,arr\nГазпром,key,5\nСбербанк России,key,3\n".encode("koi8_r"), "koi8_r", ["Газпром"]),
    (
        "cp1250",
        "name,tier,arr\nŠkoda Auto,key,5\nČeská spořitelna,key,3\nŁódź Sp. z o.o.,key,1\n".encode("cp1250"),
        "cp1250",
        ["Škoda Auto", "Česká spořitelna", "Łódź Sp. z o.o."],
    ),
    ("utf-16", "name,tier,arr\n国泰金控,key,5\nCafé,standard,1\n".encode("utf-16"), "utf-16", ["国泰金控", "Café"]),
    (
        "utf-16-le-no-bom",
        "name,tier,arr\n国泰金控,key,5\n".encode("utf-16-le"),
        "utf-16-le",
        ["国泰金控"],
    ),
]

# Bytes that read plausibly, and differently, in more than one encoding: the user must choose.
AMBIGUOUS = [
    # ã and Ñ in cp1252 are ă and Ń in cp1250: "São Paulo" or "Săo Paulo"
    ("cp1252-or-cp1250", "name,tier\nSão Paulo Ltda,key\nÑandú SA,standard\n".encode("cp1252"), ("cp1252", "cp1250")),
]
