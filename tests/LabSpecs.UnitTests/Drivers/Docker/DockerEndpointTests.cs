using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LabSpecs.Core;
using LabSpecs.Drivers.Docker;
using NUnit.Framework;
using Shouldly;

namespace LabSpecs.UnitTests.Drivers.Docker;

/// <summary>
/// DockerEndpoint resolves an engine as the docker CLI does. Recorded/DockerConfig is a config directory written by the real
/// docker CLI 20.10 (contexts "remote" with ca=, "insecure" with skip-tls-verify=true, "node2-ssh"; current context "remote").
/// </summary>
public class DockerEndpointTests
{
    private static string RecordedConfig => Path.Combine(TestContext.CurrentContext.TestDirectory, "Recorded", "DockerConfig");

    private static Dictionary<string, string?> Env(params (string Name, string Value)[] vars) => vars.ToDictionary(v => v.Name, v => (string?)v.Value);

    [TestCase("unix:///var/run/docker.sock", "unix:///var/run/docker.sock")]
    [TestCase("tcp://192.168.205.11", "tcp://192.168.205.11:2375/")]
    [TestCase("tcp://192.168.205.11:2376", "tcp://192.168.205.11:2376/")]
    [TestCase("ssh://root@192.168.205.11", "ssh://root@192.168.205.11/")]
    public void The_docker_host_forms_parse_and_tcp_gets_the_cli_default_port(string host, string expected) =>
        DockerEndpoint.Parse(host).Host.ToString().ShouldBe(expected);

    [Test]
    public void A_tcp_host_without_a_port_gets_2376_when_it_speaks_tls() =>
        DockerEndpoint.Parse("tcp://192.168.205.11", new DockerTlsFiles("/c/ca.pem", null, null)).Host.Port.ShouldBe(2376);

    [TestCase("http://192.168.205.11:2375")]
    [TestCase("192.168.205.11:2376")]
    [TestCase("unix://")]
    public void Other_forms_fail_naming_the_valid_ones(string host) =>
        Should.Throw<LabSpecsException>(() => DockerEndpoint.Parse(host)).Message.ShouldContain(host);

    [Test]
    public void Tls_files_on_a_unix_socket_are_refused() =>
        Should.Throw<LabSpecsException>(() => DockerEndpoint.Parse("unix:///var/run/docker.sock", new DockerTlsFiles("ca.pem", null, null)))
            .Message.ShouldContain("tcp:// endpoints only");

    [Test]
    public void Docker_host_with_tls_verify_takes_ca_cert_and_key_from_docker_cert_path()
    {
        var dir = Directory.CreateTempSubdirectory("x-endpoint-").FullName;
        try
        {
            foreach (var f in new[] { "ca.pem", "cert.pem", "key.pem" }) File.WriteAllText(Path.Combine(dir, f), "");

            var e = DockerEndpoint.FromEnvironment(
                Env(("DOCKER_HOST", "tcp://192.168.205.11:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", dir)), RecordedConfig);

            e.Host.ShouldBe(new Uri("tcp://192.168.205.11:2376"));
            e.Tls.ShouldBe(new DockerTlsFiles(Path.Combine(dir, "ca.pem"), Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem")));
            e.Context.ShouldBeNull();
            e.CliFlags.ShouldBe($"-H tcp://192.168.205.11:2376/ --tlsverify --tlscacert {dir}/ca.pem --tlscert {dir}/cert.pem --tlskey {dir}/key.pem");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Docker_cert_path_without_docker_tls_verify_means_no_tls_as_in_the_cli() =>
        DockerEndpoint.FromEnvironment(Env(("DOCKER_HOST", "tcp://192.168.205.11:2375"), ("DOCKER_CERT_PATH", "/certs")), RecordedConfig)
            .Tls.ShouldBeNull();

    [Test]
    public void A_cert_path_with_only_the_ca_sends_no_client_certificate()
    {
        var tls = DockerTlsFiles.FromDirectory("/nonexistent-x-endpoint");
        tls.CaFile.ShouldBe("/nonexistent-x-endpoint/ca.pem");
        tls.HasClientCertificate.ShouldBeFalse();
    }

    [Test]
    public void Docker_host_wins_over_docker_context_as_in_the_cli() =>
        DockerEndpoint.FromEnvironment(Env(("DOCKER_HOST", "unix:///run/x.sock"), ("DOCKER_CONTEXT", "node2-ssh")), RecordedConfig)
            .Host.ShouldBe(new Uri("unix:///run/x.sock"));

    [Test]
    public void Without_variables_the_current_context_of_config_json_is_used_with_its_tls_directory()
    {
        var e = DockerEndpoint.FromEnvironment(Env(), RecordedConfig);

        e.Context.ShouldBe("remote");
        e.Host.ShouldBe(new Uri("tcp://192.168.205.11:2376"));
        var tlsDir = Path.Combine(RecordedConfig, "contexts", "tls", "b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a", "docker");
        e.Tls.ShouldBe(new DockerTlsFiles(Path.Combine(tlsDir, "ca.pem"), null, null, Verify: true));
        File.Exists(e.Tls!.CaFile).ShouldBeTrue();
        e.CliFlags.ShouldBe("--context remote");
    }

    [Test]
    public void Docker_context_names_the_context_skip_tls_verify_and_ssh_included()
    {
        DockerEndpoint.FromEnvironment(Env(("DOCKER_CONTEXT", "insecure")), RecordedConfig).Tls.ShouldNotBeNull().Verify.ShouldBeFalse();
        var ssh = DockerEndpoint.FromEnvironment(Env(("DOCKER_CONTEXT", "node2-ssh")), RecordedConfig);
        ssh.Host.ShouldBe(new Uri("ssh://root@192.168.205.11"));
        ssh.Tls.ShouldBeNull();
        DockerEndpoint.FromEnvironment(Env(("DOCKER_CONTEXT", "default")), RecordedConfig).Host.ShouldBe(new Uri(DockerEndpoint.DefaultSocket));
    }

    [Test]
    public void An_unknown_context_fails_listing_the_contexts_there() =>
        Should.Throw<LabSpecsException>(() => DockerEndpoint.FromContext("nosuch", RecordedConfig))
            .Message.ShouldEndWith("contexts there: insecure, node2-ssh, remote");

    [Test]
    public void A_context_is_stored_under_the_sha256_of_its_name() =>
        DockerEndpoint.ContextId("remote").ShouldBe("b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a");

    [Test]
    public void A_server_certificate_is_accepted_only_when_it_chains_to_the_ca_and_names_the_server()
    {
        // Given a CA and a server certificate for 192.168.205.11, as docker-machine makes them, and a CA that signed nothing
        using var caKey = RSA.Create(2048);
        using var ca = SelfSignedCa("CN=lab CA", caKey);
        using var otherKey = RSA.Create(2048);
        using var otherCa = SelfSignedCa("CN=other CA", otherKey);
        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=docker-node2", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Parse("192.168.205.11"));
        san.AddDnsName("docker-node2");
        request.CertificateExtensions.Add(san.Build());
        using var server = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3]);

        // Then
        DockerTls.Verify(server, ca, "192.168.205.11", out var why).ShouldBeTrue(why);
        DockerTls.Verify(server, ca, "docker-node2", out why).ShouldBeTrue(why);
        DockerTls.Verify(server, ca, "127.0.0.1", out why).ShouldBeFalse();
        why.ShouldBe("CN=docker-node2 is not valid for 127.0.0.1 (subjectAltName: docker-node2, 192.168.205.11)");
        DockerTls.Verify(server, otherCa, "192.168.205.11", out why).ShouldBeFalse();
        why.ShouldStartWith("CN=docker-node2 is not signed by the CA CN=other CA: ");
        DockerTls.Verify(null, ca, "192.168.205.11", out why).ShouldBeFalse();
    }

    [Test]
    public void A_missing_ca_fails_naming_it_unless_verification_is_skipped()
    {
        Should.Throw<LabSpecsException>(() => DockerTls.Credentials(new DockerTlsFiles("/nonexistent-x-endpoint/ca.pem", null, null), "h", out _))
            .Message.ShouldContain("/nonexistent-x-endpoint/ca.pem");
        DockerTls.Credentials(new DockerTlsFiles("/nonexistent-x-endpoint/ca.pem", null, null, Verify: false), "h", out _).TlsEnabled.ShouldBeTrue();
    }

    private static X509Certificate2 SelfSignedCa(string subject, RSA key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
    }
}
