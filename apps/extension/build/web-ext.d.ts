// The slice of web-ext's programmatic API the build uses (web-ext ships no type declarations).
declare module 'web-ext' {
  interface BuildParams {
    sourceDir: string;
    artifactsDir: string;
    filename?: string;
    overwriteDest?: boolean;
  }
  const webExt: {
    cmd: {
      build(params: BuildParams, options?: { showReadyMessage?: boolean }): Promise<{ extensionPath: string }>;
    };
  };
  export default webExt;
}
