FROM centos:7
RUN yum install -y --setopt=keepcache=0 tar && \
    yum clean all && \
    rm -rf /var/cache/yum /tmp/yum.log
