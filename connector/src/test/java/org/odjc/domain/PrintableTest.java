package org.odjc.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void terminalEscapesLineBreaksAndBidiControlsBecomeVisibleEscapes() {
        assertThat(Printable.escape("a\u001b[2Jb")).isEqualTo("a\\u001b[2Jb");
        assertThat(Printable.escape("dev\nFORGED ROW")).isEqualTo("dev\\u000aFORGED ROW");
        assertThat(Printable.escape("x\r\t\u0000\u007f")).isEqualTo("x\\u000d\\u0009\\u0000\\u007f");
        assertThat(Printable.escape("\u009b31m\u0085")).isEqualTo("\\u009b31m\\u0085");
        assertThat(Printable.escape("abc\u202Eexe.txt")).isEqualTo("abc\\u202eexe.txt");
        assertThat(Printable.escape("\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069"))
                .isEqualTo("\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069");
        assertThat(Printable.escape("l\u2028p\u2029")).isEqualTo("l\\u2028p\\u2029");
        assertThat(Printable.escape("lone\uD800")).isEqualTo("lone\\ud800");
    }

    @Test
    void ordinaryTextBackslashesAndNonLatinLettersPassUnchanged() {
        String s = "CN=M\u00fcller\\, Hans,OU=\u65e5\u672c,DC=corp \uD83D\uDE00 d\u00e9vice-1";
        assertThat(Printable.escape(s)).isSameAs(s);
        assertThat(Printable.escape((String) null)).isNull();
    }
}
