using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;
using LabSpecs.Core;

namespace LabSpecs.Drivers.Docker;

/// <summary>
/// TLS for a tcp:// engine through Docker.DotNet.Enhanced.X509: the client certificate (when there is one) and a server check
/// like the docker CLI's with DOCKER_TLS_VERIFY: the chain must end at the given CA (not the machine's trust store) and the
/// certificate must name the host (<see cref="DockerTlsFiles.ServerName"/>, else the dialed host).
/// </summary>
public static class DockerTls
{
    /// <summary>The credentials for Docker.DotNet, and <paramref name="rejection"/>: why the last server certificate was refused, for the error.</summary>
    public static IAuthProvider Credentials(DockerTlsFiles tls, string dialedHost, out Func<string?> rejection)
    {
        var ca = tls.Verify ? LoadCa(tls.CaFile) : null; // skip-tls-verify contexts may have no ca.pem
        X509Certificate2? client = null;
        if (tls.HasClientCertificate)
        {
            try { client = DockerTlsCertificates.LoadCertificateFromPemFiles(tls.CertFile!, tls.KeyFile!); }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
            {
                throw new LabSpecsException($"Cannot load the client certificate {tls.CertFile} with its key {tls.KeyFile}: {e.Message}", e);
            }
        }

        var expected = tls.ServerName ?? dialedHost;
        string? lastRejection = null;
        rejection = () => lastRejection;
        return new CertificateCredentials(client!) // null: no client certificate is sent, as the CLI does without cert.pem
        {
            ServerCertificateValidationCallback = ca is null ? (_, _, _, _) => true : (_, cert, _, _) =>
            {
                var ok = Verify(cert, ca, expected, out var why);
                lastRejection = ok ? null : why;
                return ok;
            },
        };
    }

    /// <summary>True when <paramref name="presented"/> chains to <paramref name="ca"/> and names <paramref name="serverName"/>; else why not.</summary>
    public static bool Verify(X509Certificate? presented, X509Certificate2 ca, string serverName, out string why)
    {
        if (presented is null)
        {
            why = "the server presented no certificate";
            return false;
        }

        using var server = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(server))
        {
            why = $"{server.Subject} is not signed by the CA {ca.Subject}: " +
                string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()));
            return false;
        }

        if (!server.MatchesHostname(serverName, allowWildcards: true, allowCommonName: false))
        {
            why = $"{server.Subject} is not valid for {serverName} (subjectAltName: {SubjectAltName(server)})";
            return false;
        }

        why = "";
        return true;
    }

    public static X509Certificate2 LoadCa(string caFile)
    {
        try { return X509CertificateLoader.LoadCertificateFromFile(caFile); }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new LabSpecsException($"Cannot load the CA certificate {caFile}: {e.Message}", e);
        }
    }

    private static string SubjectAltName(X509Certificate2 cert) =>
        cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } san
            ? string.Join(", ", san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(a => a.ToString())))
            : "(none)";
}
