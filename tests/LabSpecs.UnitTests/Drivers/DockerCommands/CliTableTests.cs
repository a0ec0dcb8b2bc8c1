using LabSpecs.Drivers.DockerCommands;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.DockerCommands;

/// <summary>The one CLI table parser, on every table recorded from docker and kubectl (Recorded/**).</summary>
public sealed class CliTableTests
{
    private static string Read(string path) =>
        File.ReadAllText(Path.Combine([TestContext.CurrentContext.TestDirectory, .. path.Split('/')]));

    [TestCase("Recorded/Cli/docker-images.txt", "REPOSITORY|TAG|IMAGE ID|CREATED|SIZE")]
    [TestCase("Recorded/Cli/docker-network-ls.txt", "NETWORK ID|NAME|DRIVER|SCOPE")]
    [TestCase("Recorded/Cli/docker-ps-demo.txt", "CONTAINER ID|IMAGE|COMMAND|CREATED|STATUS|PORTS|NAMES")]
    [TestCase("Recorded/Cli/docker-ps-a-demo-exited.txt", "CONTAINER ID|IMAGE|COMMAND|CREATED|STATUS|PORTS|NAMES")]
    [TestCase("Drivers/MultiHost/Recorded/docker-node-ls.txt", "ID|HOSTNAME|STATUS|AVAILABILITY|MANAGER STATUS|ENGINE VERSION")]
    [TestCase("Drivers/MultiHost/Recorded/docker-network-ls-swarm.txt", "NETWORK ID|NAME|DRIVER|SCOPE")]
    [TestCase("Drivers/MultiHost/Recorded/docker-network-ls-swarm-worker.txt", "NETWORK ID|NAME|DRIVER|SCOPE")]
    [TestCase("Drivers/MultiHost/Recorded/docker-network-ls-etcd-node2.txt", "NETWORK ID|NAME|DRIVER|SCOPE")]
    [TestCase("Drivers/MultiHost/Recorded/docker-service-ls.txt", "ID|NAME|MODE|REPLICAS|IMAGE|PORTS")]
    [TestCase("Drivers/MultiHost/Recorded/docker-service-ps.txt", "ID|NAME|IMAGE|NODE|DESIRED STATE|CURRENT STATE|ERROR|PORTS")]
    [TestCase("Drivers/MultiHost/Recorded/docker-service-ps-scaled.txt", "ID|NAME|IMAGE|NODE|DESIRED STATE|CURRENT STATE|ERROR|PORTS")]
    [TestCase("Recorded/Kubernetes/get-pods-wide-redis-web-1.5.txt", "NAME|READY|STATUS|RESTARTS|AGE|IP|NODE")]
    [TestCase("Recorded/Kubernetes/get-nodes-kubeadm-1.5.txt", "NAME|STATUS|AGE")]
    [TestCase("Recorded/Kubernetes/get-svc-web-1.5.txt", "NAME|CLUSTER-IP|EXTERNAL-IP|PORT(S)|AGE")]
    public void Every_recorded_table_splits_into_its_titles_and_keeps_every_cell(string path, string titles)
    {
        var text = Read(path);

        var rows = CliTable.Parse(text);

        rows.ShouldNotBeEmpty(text);
        rows.ShouldAllBe(r => r.Cells.Keys.SequenceEqual(titles.Split('|')), text);
        // No character of a row is lost or moved to another column: the cells, in order, are the line's words.
        var lines = text.Replace("\r", "").Split('\n').Where(l => l.Trim().Length > 0).Skip(1).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            string.Join(" ", rows[i].Cells.Values.Where(v => v.Length > 0)).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .ShouldBe(lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries), text);
        }
    }

    [Test]
    public void A_title_with_one_space_is_one_column_and_a_missing_column_reads_empty()
    {
        var rows = CliTable.Parse("ID     MANAGER STATUS   ENGINE VERSION\nabc *  Leader           20.10.24\r\ndef\n");

        rows[0]["ID"].ShouldBe("abc *");
        rows[0]["MANAGER STATUS"].ShouldBe("Leader");
        rows[0]["manager status"].ShouldBe("Leader");
        rows[1]["ENGINE VERSION"].ShouldBe("");
        rows[1]["NO SUCH COLUMN"].ShouldBe("");
    }
}
