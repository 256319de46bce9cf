package netflixjobs.importer;

/** The job configuration keys of import (set by {@link ImportTool}, read by the pass) and its defaults. */
public final class ImportConf {
  /** Seed of the deterministic probe split. */
  public static final String SEED = "netflixjobs.import.seed";
  /** Share of ratings held out as probe when no probe file is given (0 = none). */
  public static final String PROBE_FRACTION = "netflixjobs.import.probe.fraction";
  /** Comma-separated qualified paths of the probe files among the inputs. */
  public static final String PROBE_FILES = "netflixjobs.import.probe.files";
  /** The input files: see {@link SourceFilesInputFormat#setInputs}. */
  public static final String INPUTS = "netflixjobs.import.inputs";
  /** Bytes of a line block (more when a single line is longer). */
  public static final String BLOCK_BYTES = "netflixjobs.import.block.bytes";
  /** Rejected lines each map task keeps as text (all are counted). */
  public static final String REJECTS_KEPT = "netflixjobs.import.rejects.kept";
  /** Records a map task groups in memory before it sends them on (12 to 24 bytes each: arrays grow by doubling). */
  public static final String MAP_BUFFER_RECORDS = "netflixjobs.import.map.buffer.records";

  public static final long DEFAULT_SEED = 1;
  /** Held-out share when the inputs bring no probe file. */
  public static final double DEFAULT_PROBE_FRACTION = 0.1;
  public static final int DEFAULT_BLOCK_BYTES = 1 << 20;
  public static final int DEFAULT_REJECTS_KEPT = 1000;
  public static final int DEFAULT_MAP_BUFFER_RECORDS = 4 << 20;

  private ImportConf() {}
}
