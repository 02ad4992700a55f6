package cn.fjquality.targets.domain;

/** Where a revision came from: the catalog file or an API call. */
public enum ChangeSource {
    CATALOG,
    API
}
