// The part of picomatch 4 Rampart uses (lib/app/stack-selection.ts); the package ships no types.
declare module 'picomatch' {
  namespace picomatch {
    interface Matcher {
      (test: string): boolean;
      readonly state: { readonly negated: boolean };
    }
  }
  function picomatch(glob: string, options: undefined, returnState: true): picomatch.Matcher;
  export = picomatch;
}
