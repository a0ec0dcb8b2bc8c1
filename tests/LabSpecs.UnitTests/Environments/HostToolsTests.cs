using System.Text.RegularExpressions;
using LabSpecs.Runner;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Environments;

/// <summary>
/// Nothing is assumed about the machine beyond what setup installs: every tool the step library, drivers, hooks, scripts and
/// features name as a command is listed in environments/embedded/host-tools.txt (whose packages install-prerequisites.sh
/// installs and whose commands it checks), comes from a catalog image, or is an optional tool the capability probe reports.
/// The integration test Every_tool_listed_in_host_tools_resolves_on_a_lab_host checks the list against a booted host.
/// </summary>
public class HostToolsTests
{
    /// <summary>Tools a lab might run; a new one used anywhere must be added here and to one of the sets below.</summary>
    private static readonly string[] Candidates =
    [
        "ping", "tcpdump", "curl", "wget", "brctl", "nslookup", "gcc", "ip", "iptables", "iptables-save", "ssh", "sshd", "ssh-keygen",
        "etcdctl", "etcd", "docker-compose", "skopeo", "kubectl", "jq", "socat", "qemu-system-x86_64", "ovs-vsctl", "ipvsadm", "tc",
        "bridge", "nsenter", "unshare", "setsid", "sysctl", "modprobe", "tini", "mmdebstrap", "docker-registry", "dockerd",
        "containerd", "conntrack", "ethtool", "dig", "ifconfig", "flanneld", "kubeadm", "tshark", "nc", "telnet", "traceroute",
        "chromium", "busybox", "openssl", "scp",
    ];

    /// <summary>Run only inside containers of the catalog's images (busybox applets), never on a host.</summary>
    private static readonly string[] InContainers = ["wget", "nslookup", "ifconfig", "nc", "telnet", "traceroute"];

    /// <summary>Optional: the capability probe reports them missing and the scenarios that need them are skipped.</summary>
    private static readonly string[] OptionalProbed = ["kubectl", "kubeadm", "ovs-vsctl", "flanneld", "ipvsadm", "qemu-system-x86_64"];

    private static string Root => RunnerPaths.RepositoryRoot(TestContext.CurrentContext.TestDirectory);

    private static IReadOnlyList<string> Listed() =>
        File.ReadAllLines(Path.Combine(Root, "environments", "embedded", "host-tools.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 2 && f[0] != "-").Select(f => f[0]).ToList();

    [Test]
    public void Every_tool_the_code_runs_is_installed_by_setup_or_comes_from_an_image_or_is_probed()
    {
        var listed = Listed();
        var unaccounted = new List<string>();
        foreach (var (tool, file) in Uses())
        {
            if (!listed.Contains(tool) && !InContainers.Contains(tool) && !OptionalProbed.Contains(tool))
            {
                unaccounted.Add($"{tool} (in {Path.GetRelativePath(Root, file)})");
            }
        }

        unaccounted.Distinct().ShouldBeEmpty("add each to environments/embedded/host-tools.txt with its Debian package");
    }

    [Test]
    public void The_scan_finds_the_tools_the_labs_are_known_to_use()
    {
        // the scan must be able to see a use: these are run by the netns lab, the bridge lab and the overlay captures
        var used = Uses().Select(u => u.Tool).ToHashSet();
        used.ShouldContain("ping");
        used.ShouldContain("brctl");
        used.ShouldContain("tcpdump");
    }

    [Test]
    public void Setup_installs_the_packages_of_host_tools_and_checks_each_command()
    {
        var script = File.ReadAllText(Path.Combine(Root, "environments", "embedded", "install-prerequisites.sh"));
        script.ShouldContain("host-tools.txt");
        script.ShouldContain("command -v \"$t\"");
        var packages = Rows().Where(f => f[2] != "host").Select(f => f[1]).Distinct().Order(StringComparer.Ordinal);
        script.ShouldContain("# packages (what host-tools.txt marks machine or both; HostToolsTests keeps this line equal to it): " + string.Join(' ', packages));
        Listed().ShouldContain("ping");
    }

    [Test]
    public void Each_tool_says_where_it_is_installed_and_the_engine_is_only_in_the_host_images()
    {
        Rows().Where(f => f[2] is not ("machine" or "host" or "both")).Select(f => string.Join(' ', f)).ShouldBeEmpty("third column: machine, host or both");
        // the machine runs no engine of its own: hosts boot from their host image (Images/HostImages.cs)
        Rows().Where(f => f[1] == "docker.io").Select(f => f[2]).Distinct().ShouldBe(["host"]);
        Rows().Where(f => f[0] is "sshd" or "gcc").Select(f => f[2]).Distinct().ShouldBe(["host"]);
        Rows().Where(f => f[0] is "mmdebstrap" or "tini" or "docker-registry").Select(f => f[2]).Distinct().ShouldBe(["machine"]);
    }

    private static IEnumerable<string[]> Rows() =>
        File.ReadAllLines(Path.Combine(Root, "environments", "embedded", "host-tools.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length >= 3);

    /// <summary>Each candidate named as a command (at the start of a command, after a pipe, quote, $(, ;, exec, sudo or timeout N) in the project's sources.</summary>
    private static IEnumerable<(string Tool, string File)> Uses()
    {
        var files = new[] { "src", "environments", "features", "bench" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && !f.EndsWith("host-tools.txt", StringComparison.Ordinal))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".feature", StringComparison.Ordinal))
            .Append(Path.Combine(Root, "run.ps1"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var tool in Candidates)
            {
                if (Regex.IsMatch(text, $@"(^|[""'`;|&(]\s*|\$\(\s*|\bexec\s+|\bsudo\s+|\btimeout\s+\S+\s+|\n\s*)({Regex.Escape(tool)})\s+[-\w/$""'{{]", RegexOptions.Multiline))
                {
                    yield return (tool, file);
                }
            }
        }
    }
}
