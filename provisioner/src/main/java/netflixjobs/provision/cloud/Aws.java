package netflixjobs.provision.cloud;

import java.io.PrintStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import netflixjobs.provision.model.Problem;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Resolves the region and credentials (flags, else the SDK's default chains) and checks both before
 * any call. Every profile kind the SDK knows works (static keys, IAM Identity Center, assume-role
 * with source_profile or credential_source, web identity, credential_process), as do environment
 * variables and an instance profile: the sts, sso and ssooidc modules the SDK loads for them are on
 * the class path. When none works, the user gets one sentence saying what to do; never a credential.
 */
public final class Aws {
  private Aws() {}

  public static Ec2Cloud connect(String region, String profile, PrintStream out) {
    return new Ec2Cloud(Ec2Cloud.Settings.of(region(region, profile), credentials(profile)), out);
  }

  public static Region region(String name, String profile) {
    String r = name;
    if (r == null || r.isBlank()) {
      try {
        r = (profile != null ? new AwsProfileRegionProvider(null, profile) : new DefaultAwsRegionProviderChain()).getRegion().id();
      } catch (SdkException | IllegalStateException e) {
        throw Problem.usage("no AWS region given: pass --region, set it in conf/provision.properties, or set AWS_REGION");
      }
    }
    Region region = Region.of(r);
    if (!Region.regions().contains(region) || region.isGlobalRegion())
      throw Problem.usage("unknown AWS region " + r + " (for example us-east-1, eu-west-1)");
    return region;
  }

  public static AwsCredentialsProvider credentials(String profile) {
    return credentials(profile, ProfileFile::defaultProfileFile);
  }

  /** Credentials of the named profile, else the default chain, with profiles read from {@code profiles} (tests hand one in). */
  public static AwsCredentialsProvider credentials(String profile, Supplier<ProfileFile> profiles) {
    boolean named = profile != null && !profile.isBlank();
    AwsCredentialsProvider p = named
        ? ProfileCredentialsProvider.builder().profileFile(profiles).profileName(profile).build()
        : DefaultCredentialsProvider.builder().profileFile(profiles).build();
    try {
      p.resolveCredentials(); // resolves now (an assume-role profile calls STS here), cached for the clients
      return p;
    } catch (RuntimeException e) {
      throw whyNot(named ? profile : ProfileFileSystemSetting.AWS_PROFILE.getStringValue().orElse("default"), named, profiles, e);
    }
  }

  /** What is wrong with the profile, in one sentence naming what to do. */
  private static Problem whyNot(String name, boolean named, Supplier<ProfileFile> profiles, RuntimeException e) {
    Optional<Profile> profile;
    try {
      profile = profiles.get().profile(name);
    } catch (RuntimeException unreadable) {
      return Problem.usage("cannot read the AWS config files (~/.aws/config, ~/.aws/credentials): " + detail(unreadable));
    }
    if (profile.isEmpty())
      return Problem.usage(named
          ? "no AWS credentials for profile " + name + ": there is no such profile in ~/.aws/config or ~/.aws/credentials (aws configure list-profiles shows the ones there)"
          : "no AWS credentials found: run aws configure (or aws configure sso), set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile");
    if (!named) { // the default chain's message lists every provider it tried; the profile's own failure says more
      try {
        ProfileCredentialsProvider.builder().profileFile(profiles).profileName(name).build().resolveCredentials();
      } catch (RuntimeException pe) {
        e = pe;
      }
    }
    Profile p = profile.get();
    String where = "AWS profile " + name + (named ? "" : " (the default chain's profile)");
    if (unreachable(e)) return Problem.failed("could not reach AWS to get the credentials of " + where + ": " + detail(e));
    Optional<String> sso = ssoProfile(profiles.get(), p);
    if (sso.isPresent())
      return Problem.usage(where + " signs in through IAM Identity Center and has no valid login: run aws sso login --profile " + sso.get());
    Optional<String> role = p.property(ProfileProperty.ROLE_ARN);
    if (role.isPresent()) return Problem.usage("could not assume role " + role.get() + " for " + where + ": " + detail(e));
    if (p.property(ProfileProperty.CREDENTIAL_PROCESS).isPresent())
      return Problem.usage("the credential_process of " + where + " failed: " + detail(e));
    return Problem.usage("no usable credentials in " + where + ": " + detail(e));
  }

  /** The IAM Identity Center profile behind this one (itself, or along its source_profile chain), if any. */
  private static Optional<String> ssoProfile(ProfileFile file, Profile p) {
    Set<String> seen = new HashSet<>();
    for (Profile at = p; at != null && seen.add(at.name()); ) {
      if (at.property("sso_session").isPresent() || at.property(ProfileProperty.SSO_START_URL).isPresent()) return Optional.of(at.name());
      at = at.property(ProfileProperty.SOURCE_PROFILE).flatMap(file::profile).orElse(null);
    }
    return Optional.empty();
  }

  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause())
      if (t instanceof SocketException || t instanceof UnknownHostException || t instanceof SocketTimeoutException
          || String.valueOf(t.getMessage()).startsWith("Unable to execute HTTP request")) return true;
    return false;
  }

  /** The most telling line of a failure: AWS's error code and message, a missing file, or the innermost message. */
  static String detail(Throwable e) {
    String last = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException a && a.awsErrorDetails() != null)
        return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
      if (t instanceof NoSuchFileException f) return "no such file " + f.getFile();
      if (t.getMessage() != null && !t.getMessage().isBlank()) last = t.getMessage();
    }
    if (last == null) return e.getClass().getSimpleName();
    if (last.startsWith("Profile file contained no credentials")) return "it has no keys, role, IAM Identity Center login or credential_process";
    String line = last.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
