FROM opensuse/leap:15.6
RUN zypper -n --cache-dir /var/cache/zypp-build in make && rm -rf /var/cache/zypp-build/* /var/log/zypper.log
