using LabSpecs.Core;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Core;

public class ShellWordsTests
{
    [Test]
    public void A_single_quoted_script_stays_one_word() =>
        ShellWords.Split("sh -c 'while true; do sleep 3600; done'").ShouldBe(["sh", "-c", "while true; do sleep 3600; done"]);

    [Test]
    public void Double_quotes_and_backslashes_are_removed_like_the_shell_does() =>
        ShellWords.Split("echo \"a \\\"b\\\"\" c\\ d  e").ShouldBe(["echo", "a \"b\"", "c d", "e"]);

    [Test]
    public void An_empty_quoted_word_is_kept() => ShellWords.Split("printf ''").ShouldBe(["printf", ""]);

    [Test]
    public void An_unclosed_quote_is_an_error_naming_the_line() =>
        Should.Throw<FormatException>(() => ShellWords.Split("sh -c 'oops")).Message.ShouldContain("sh -c 'oops");
}
