package netflixjobs.provision.model;

/** What one node offers: memory and virtual CPUs (from the cloud's instance type, or this machine). */
public record Resources(int memoryMiB, int vcpus) {
  public Resources {
    if (memoryMiB <= 0 || vcpus <= 0) throw new IllegalArgumentException("resources must be positive: " + memoryMiB + " MiB, " + vcpus + " vCPUs");
  }
}
