package netflixjobs.pi;

/** What pi counts. */
public enum PiCounter { SAMPLES, HITS }
